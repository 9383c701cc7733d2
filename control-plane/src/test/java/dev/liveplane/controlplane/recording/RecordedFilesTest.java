package dev.liveplane.controlplane.recording;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant downloads what was recorded, from the bucket itself: an FLV's presigned URL gives its bytes, an HLS file's
 * URL is a signed VOD playlist whose every segment URL downloads, a session's playlist plays its HLS files in order
 * with a discontinuity between them, a tampered or expired playlist URL is 403, a deleted file's objects are gone,
 * and the stream's latest thumbnail reads as a JPEG.
 */
@MicronautTest(transactional = false)
class RecordedFilesTest extends RecordingTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anFlvDownloadsFromItsPresignedUrlAndADeleteRemovesIt() throws Exception {
        Api.Tenant tenant = api.signUp("Downloads");
        Domain push = pushDomain(tenant);
        String key = push.name() + "/live/cam1/20261203T101542Z_0.flv";
        byte[] flv = "FLV\u0001 bytes of a recorded file".getBytes(StandardCharsets.UTF_8);
        put(key, flv);
        report(recorder, List.of(file(tenant, push, "live", "cam1", sessionId(), 0, "flv", key,
                Instant.parse("2026-12-03T10:15:42Z"), 60))).expect(202);
        String id = api.get("/v1/recordings?domain=" + push.name(), tenant.token()).expect(200).json().get("items")
                .get(0).get("id").asText();

        JsonNode recording = api.get("/v1/recordings/" + id, tenant.token()).expect(200).json();
        assertThat(Instant.parse(recording.get("downloadUrlExpiresAt").asText()))
                .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3700));
        HttpResponse<byte[]> download = get(recording.get("downloadUrl").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(flv);

        api.call("DELETE", "/v1/recordings/" + id, tenant.token(), null, "Accept", "application/json").expect(204);
        assertThat(exists(key)).isFalse();
        api.get("/v1/recordings/" + id, tenant.token()).expectProblem(404, "not-found");
        api.delete("/v1/recordings/" + id, tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void anHlsFilePlaysFromItsSignedPlaylistAndItsDeleteTakesEverySegment() throws Exception {
        Api.Tenant tenant = api.signUp("HLS");
        Domain push = pushDomain(tenant);
        String session = sessionId();
        String first = hlsFile(tenant, push, session, 0, "20261203T101542Z_0", 6.0, 4.5);
        String second = hlsFile(tenant, push, session, 1, "20261203T101642Z_1", 2.2);
        String firstId = idOfSequence(tenant, session, 0);

        String url = api.get("/v1/recordings/" + firstId, tenant.token()).expect(200).json().get("downloadUrl")
                .asText();
        assertThat(url).startsWith(server.getURI() + "/v1/recordings/" + firstId + "/playlist.m3u8?expires=");
        HttpResponse<byte[]> playlist = get(url);
        assertThat(playlist.statusCode()).isEqualTo(200);
        assertThat(playlist.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.apple.mpegurl");
        List<String> lines = text(playlist).lines().toList();
        assertThat(lines).startsWith("#EXTM3U").contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-TARGETDURATION:6",
                "#EXTINF:6.000,", "#EXTINF:4.500,").endsWith("#EXT-X-ENDLIST").doesNotContain("#EXT-X-DISCONTINUITY");
        List<String> segments = uris(lines);
        assertThat(segments).hasSize(2);
        assertThat(text(get(segments.get(0)))).isEqualTo("segment " + first + "-0.ts");
        assertThat(text(get(segments.get(1)))).isEqualTo("segment " + first + "-1.ts");

        JsonNode sessionView = api.get("/v1/recording-sessions/" + session, tenant.token()).expect(200).json();
        assertThat(sessionView.get("files").asInt()).isEqualTo(2);
        List<String> both = text(get(sessionView.get("playlistUrl").asText())).lines().toList();
        assertThat(both.stream().filter(l -> l.equals("#EXT-X-DISCONTINUITY")).count()).isEqualTo(1);
        assertThat(both.indexOf("#EXT-X-DISCONTINUITY")).as("between the files").isGreaterThan(both.indexOf(
                "#EXTINF:4.500,")).isLessThan(both.indexOf("#EXTINF:2.200,"));
        List<String> all = uris(both);
        assertThat(all).hasSize(3);
        assertThat(text(get(all.get(2)))).isEqualTo("segment " + second + "-0.ts");

        api.delete("/v1/recordings/" + firstId, tenant.token()).expect(204);
        String prefix = push.name() + "/live/cam1/" + first;
        assertThat(List.of(exists(prefix + ".m3u8"), exists(prefix + "-0.ts"), exists(prefix + "-1.ts")))
                .containsOnly(false);
        assertThat(exists(push.name() + "/live/cam1/" + second + ".m3u8")).as("the other file stays").isTrue();
        assertThat(get(url).statusCode()).as("the playlist of a deleted file").isEqualTo(404);
        assertThat(uris(text(get(sessionView.get("playlistUrl").asText())).lines().toList())).hasSize(1);
    }

    @Test
    void aTamperedOrExpiredPlaylistUrlIs403() throws Exception {
        Api.Tenant tenant = api.signUp("Tamper");
        Domain push = pushDomain(tenant);
        String session = sessionId();
        hlsFile(tenant, push, session, 0, "20261203T120000Z_0", 3.0);
        String id = idOfSequence(tenant, session, 0);
        String url = api.get("/v1/recordings/" + id, tenant.token()).expect(200).json().get("downloadUrl").asText();
        String sessionUrl = api.get("/v1/recording-sessions/" + session, tenant.token()).expect(200).json()
                .get("playlistUrl").asText();
        long expires = Long.parseLong(url.replaceAll(".*expires=(\\d+).*", "$1"));
        String signature = url.replaceAll(".*signature=([^&]+).*", "$1");

        assertThat(get(url).statusCode()).isEqualTo(200);
        String base = server.getURI() + "/v1/recordings/" + id + "/playlist.m3u8";
        assertThat(get(base + "?expires=" + (expires + 3600) + "&signature=" + signature).statusCode())
                .as("a later expiry under the same signature").isEqualTo(403);
        char last = signature.charAt(signature.length() - 1);
        assertThat(get(base + "?expires=" + expires + "&signature=" + signature.substring(0, signature.length() - 1)
                + (last == 'A' ? 'B' : 'A')).statusCode()).isEqualTo(403);
        assertThat(get(sessionUrl.replace(session, "other-session")).statusCode()).as("another path").isEqualTo(403);
        assertThat(get(url.replace("/recordings/" + id, "/recording-sessions/" + session)).statusCode())
                .as("a file's signature on its session's path").isEqualTo(403);
        assertThat(get(base + "?expires=" + (Instant.now().getEpochSecond() - 1) + "&signature=" + signature)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void theLatestThumbnailReadsAsAJpegWithItsTime() throws Exception {
        Api.Tenant tenant = api.signUp("Thumbnails");
        Domain push = pushDomain(tenant);
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3, (byte) 0xFF, (byte) 0xD9};
        put(push.name() + "/live/cam1/thumbnails/latest.jpg", jpeg);

        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(server.getURI().resolve("/v1/streams/"
                + push.name() + "/live/cam1/snapshot")).header("Authorization", "Bearer " + tenant.token()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(answer.body()).isEqualTo(jpeg);
        Instant modified = DateTimeFormatter.RFC_1123_DATE_TIME.parse(answer.headers().firstValue("Last-Modified")
                .orElseThrow(), Instant::from);
        assertThat(modified).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(1));
        api.get("/v1/streams/" + push.name() + "/live/none/snapshot", tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void theListFiltersAndPagesNewestStartFirst() {
        Api.Tenant tenant = api.signUp("Lists");
        Domain push = pushDomain(tenant);
        Domain other = pushDomain(tenant);
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        String session = sessionId();
        List<Map<String, Object>> reports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            reports.add(file(tenant, push, "live", "cam1", session, i, i % 2 == 0 ? "flv" : "mp4",
                    push.name() + "/live/cam1/" + i + (i % 2 == 0 ? ".flv" : ".mp4"), t0.plusSeconds(3600L * i),
                    3600));
        }
        reports.add(file(tenant, other, "live", "cam2", sessionId(), 0, "flv", other.name() + "/live/cam2/0.flv",
                t0.plusSeconds(60), 60));
        report(recorder, reports).expect(202);

        List<String> starts = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/v1/recordings?domain=" + push.name() + "&pageSize=2"
                    + (token == null ? "" : "&pageToken=" + token), tenant.token()).expect(200).json();
            page.get("items").forEach(item -> starts.add(item.get("startedAt").asText()));
            token = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);
        assertThat(starts).extracting(Instant::parse).containsExactly(t0.plusSeconds(4 * 3600),
                t0.plusSeconds(3 * 3600), t0.plusSeconds(2 * 3600), t0.plusSeconds(3600), t0);

        assertThat(count(tenant, "format=mp4")).isEqualTo(2);
        assertThat(count(tenant, "stream=cam2")).isEqualTo(1);
        assertThat(count(tenant, "app=live&sessionId=" + session)).isEqualTo(5);
        assertThat(count(tenant, "domain=" + push.name() + "&since=" + t0.plusSeconds(3600) + "&until="
                + t0.plusSeconds(3 * 3600))).isEqualTo(2);
        assertThat(count(tenant, "domain=" + push.name().toUpperCase())).isEqualTo(5);
        api.get("/v1/recordings?pageToken=garbage", tenant.token()).expectProblem(400, "invalid-page-token");
        api.get("/v1/recordings?since=" + t0 + "&until=" + t0, tenant.token()).expectProblem(400,
                "invalid-parameter");
    }

    private int count(Api.Tenant tenant, String query) {
        return api.get("/v1/recordings?pageSize=100&" + query, tenant.token()).expect(200).json().get("items")
                .size();
    }

    /**
     * Uploads an HLS cycle as a node does (segments, then a VOD playlist naming them relative to itself) and reports
     * it; answers its key's name ({@code 20261203T101542Z_0}).
     */
    private String hlsFile(Api.Tenant tenant, Domain push, String session, int sequence, String name,
            double... seconds) {
        String directory = push.name() + "/live/cam1/";
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n"
                + "#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n");
        for (int i = 0; i < seconds.length; i++) {
            String segment = name + "-" + i + ".ts";
            put(directory + segment, ("segment " + segment).getBytes(StandardCharsets.UTF_8));
            playlist.append(String.format(java.util.Locale.ROOT, "#EXTINF:%.3f,%n", seconds[i])).append(segment)
                    .append('\n');
        }
        put(directory + name + ".m3u8", playlist.append("#EXT-X-ENDLIST\n").toString()
                .getBytes(StandardCharsets.UTF_8));
        report(recorder, List.of(file(tenant, push, "live", "cam1", session, sequence, "hls",
                directory + name + ".m3u8", Instant.parse("2026-12-03T10:15:42Z").plusSeconds(60L * sequence),
                (int) Math.ceil(java.util.Arrays.stream(seconds).sum())))).expect(202);
        return name;
    }

    private String idOfSequence(Api.Tenant tenant, String session, int sequence) {
        for (JsonNode item : api.get("/v1/recordings?sessionId=" + session, tenant.token()).expect(200).json()
                .get("items")) {
            if (item.get("sequence").asInt() == sequence) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no file " + sequence + " in session " + session);
    }

    private static List<String> uris(List<String> lines) {
        return lines.stream().filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
