package dev.liveplane.controlplane.e2e;

import static dev.liveplane.controlplane.e2e.Probes.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.e2e.Ffmpeg;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Recording across the whole platform, as a tenant sees it: the packaged control plane with its embedded S3 store
 * (S3Proxy), a packaged media node it provisioned, ffmpeg pushing, and the tenant's API. A rule records FLV, HLS and
 * MP4 with thumbnails; the files come back through presigned URLs and play in ffprobe with the pushed codecs and
 * duration; the HLS files play in ffmpeg through the signed playlist and the session playlist, across a reconnect
 * within the window; {@code record_done} arrives; another tenant sees none of it; deleting a file removes its objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingEndToEndIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private Platform platform;
    private MediaNodeProcess node;
    private Tenant tenant;
    private WebhookReceiver webhooks;

    @BeforeAll
    void start() throws Exception {
        platform = Platform.start("recording", Map.of("LIVEPLANE_EMBEDDED_S3", "true",
                "LIVEPLANE_S3_PORT", Integer.toString(JavaProcess.freePort())));
        node = platform.startNode("node-a", "127.0.0.1", List.of());
        tenant = platform.signUp("recorder");
        webhooks = platform.closeLater(new WebhookReceiver());
        tenant.api().send("PUT", "/v1/domains/" + tenant.pushDomain() + "/callbacks",
                Map.of("url", webhooks.url().toString()), Map.of()).expectOk();
        tenant.api().send("PUT", "/v1/domains/" + tenant.pushDomain() + "/recording/*/*",
                Map.of("formats", List.of("flv", "hls", "mp4"), "cycleSeconds", 900, "hlsSegmentSeconds", 2,
                        "reconnectWindowSeconds", 30, "thumbnailIntervalSeconds", 5), Map.of()).expectOk();
    }

    @AfterAll
    void stop() throws Exception {
        platform.close();
    }

    @Test
    void aRecordedPublishComesBackPlayableThroughTheApi() throws Exception {
        // Two publishes of the stream 3 s apart: one recording session, two files of each format.
        push("cam", 8);
        Thread.sleep(3_000);
        push("cam", 6);
        awaitTrue("six files listed", Duration.ofSeconds(60), () -> files("cam").size() == 6);
        List<JsonNode> files = files("cam");
        assertThat(files.stream().map(f -> f.path("sessionId").asText()).distinct()).hasSize(1);

        for (JsonNode listed : files) {
            JsonNode file = tenant.api().get("/v1/recordings/" + listed.path("id").asText()).expectOk();
            String format = file.path("format").asText();
            double expected = file.path("durationMs").asLong() / 1000.0;
            assertThat(expected).isCloseTo(file.path("sequence").asInt() == 0 ? 8.0 : 6.0, within(1.0));
            String url = file.path("downloadUrl").asText();
            if (format.equals("hls")) {
                // The signed playlist names presigned segments: ffmpeg plays it from the URL alone.
                assertThat(Ffmpeg.duration(Ffmpeg.probe(url))).isCloseTo(expected, within(1.0));
                continue;
            }
            Path local = download(url, platform.work().resolve(listed.path("id").asText() + "." + format));
            assertThat(Files.size(local)).isEqualTo(file.path("bytes").asLong());
            JsonNode probe = Ffmpeg.probe(local.toString());
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
            assertThat(Ffmpeg.duration(probe)).as(format).isCloseTo(expected, within(1.0));
        }

        JsonNode session = tenant.api().get("/v1/recording-sessions/" + files.get(0).path("sessionId").asText())
                .expectOk();
        assertThat(session.path("files").asInt()).isEqualTo(6);
        String playlist = httpText(session.path("playlistUrl").asText());
        assertThat(playlist).contains("#EXT-X-DISCONTINUITY").contains("#EXT-X-ENDLIST");
        assertThat(Ffmpeg.duration(Ffmpeg.probe(session.path("playlistUrl").asText()))).isCloseTo(14.0,
                within(2.0));

        awaitTrue("record_done for every file", Duration.ofSeconds(20), () -> webhooks.received().stream()
                .filter(h -> "record_done".equals(h.event())).count() == 6);
        HttpResponse<byte[]> thumbnail = http.send(HttpRequest.newBuilder(URI.create(platform.api() + "v1/streams/"
                        + tenant.pushDomain() + "/live/cam/snapshot"))
                .header("Authorization", "Bearer " + tenant.apiKey()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(thumbnail.body()).startsWith(0xFF, 0xD8); // a JPEG's SOI marker

        Tenant other = platform.signUp("outsider");
        assertThat(other.api().get("/v1/recordings/" + files.get(0).path("id").asText()).status()).isEqualTo(404);
        assertThat(other.api().get("/v1/recording-sessions/" + files.get(0).path("sessionId").asText()).status())
                .isEqualTo(404);
        assertThat(other.api().get("/v1/recordings").expectOk().path("items")).isEmpty();

        JsonNode flv = files.stream().filter(f -> f.path("format").asText().equals("flv")).findFirst().orElseThrow();
        String download = tenant.api().get("/v1/recordings/" + flv.path("id").asText()).expectOk()
                .path("downloadUrl").asText();
        assertThat(tenant.api().send("DELETE", "/v1/recordings/" + flv.path("id").asText(), null, Map.of()).status())
                .isEqualTo(204);
        assertThat(tenant.api().get("/v1/recordings/" + flv.path("id").asText()).status()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(download)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("the object is gone").isEqualTo(404);
    }

    /** Pushes {@code seconds} of the test pattern, then stops the encoder, as a broadcaster ending the stream. */
    private void push(String stream, int seconds) throws Exception {
        Ffmpeg.Run encoder = platform.publishOnline(tenant, node, "live", stream);
        Thread.sleep(seconds * 1_000L - 1_000); // publishOnline returns about a second after the publish began
        encoder.process().destroy();
        encoder.process().waitFor();
    }

    private List<JsonNode> files(String stream) {
        List<JsonNode> out = new ArrayList<>();
        tenant.api().get("/v1/recordings?stream=" + stream + "&pageSize=100").expectOk().path("items")
                .forEach(out::add);
        return out;
    }

    private Path download(String url, Path target) throws Exception {
        HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofFile(target));
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }

    private String httpText(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        return response.body();
    }
}
