package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.stream.StreamKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams whose names end in {@code -digits} play over every protocol from a real node, addressed by a Host or
 * {@code vhost} with or without the root's trailing dot; and the class "URL parsing ambiguity" (dot segments, encoded
 * slashes, names that look like segments or carry an extension, overlong names, unicode, trailing dots, mixed case)
 * gets a defined answer for each URL: it plays the stream it names, or 400/404, never a 500 and never another stream.
 * ffmpeg publishes {@code live/cam-1} at 320x240 and {@code live/room-2024} at 256x144 on domain example.com, so a
 * player's picture size says which stream it got.
 */
class UrlAmbiguityEndToEndTest {

    private static final String DOMAIN = "example.com";
    private static final int CAM_WIDTH = 320;
    private static final int ROOM_WIDTH = 256;

    private static Path dir;
    private static LocalNode node;
    private static final List<Ffmpeg.Run> publishers = new ArrayList<>();

    @BeforeAll
    static void publish() throws Exception {
        dir = Files.createTempDirectory("url-ambiguity");
        node = LocalNode.start();
        // The publisher names the domain with its trailing dot too: it must land on example.com.
        publishers.add(Ffmpeg.publish(node.rtmp("live", "cam-1") + "?vhost=example.com.", 60, "320x240", dir,
                "aac"));
        publishers.add(Ffmpeg.publish(node.rtmp("live", "room-2024") + "?vhost=" + DOMAIN, 60, "256x144", dir,
                "aac"));
        for (String stream : List.of("cam-1", "room-2024")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (node.stream(new StreamKey(DOMAIN, "live", stream)).isEmpty()) {
                assertThat(System.nanoTime() < deadline).as(stream + " published on " + DOMAIN + ": "
                        + publishers.get(0).stderr() + publishers.get(1).stderr()).isTrue();
                Thread.sleep(50);
            }
            LocalNode.awaitBody(node.http("/live/" + stream + ".m3u8?vhost=" + DOMAIN),
                    body -> body.split("#EXTINF").length > 2, Duration.ofSeconds(20));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Ffmpeg.Run publisher : publishers) {
            publisher.kill();
        }
        node.close();
    }

    @Test
    void streamsNamedWithTrailingDigitsPlayOverHttpFlvHlsAndRtmp() throws Exception {
        List<Ffmpeg.Run> players = new ArrayList<>();
        List<Object[]> recordings = new ArrayList<>();
        for (String stream : List.of("cam-1", "room-2024")) {
            int width = stream.equals("cam-1") ? CAM_WIDTH : ROOM_WIDTH;
            for (String url : List.of(node.http("/live/" + stream + ".flv?vhost=" + DOMAIN),
                    node.http("/live/" + stream + ".m3u8?vhost=" + DOMAIN),
                    node.rtmp("live", stream) + "?vhost=" + DOMAIN)) {
                Path out = dir.resolve(stream + "-" + recordings.size() + ".flv");
                players.add(Ffmpeg.record(url, 3, out, dir));
                recordings.add(new Object[] {url, out, width});
            }
        }
        assertRecordings(players, recordings);
    }

    @Test
    void aTrailingDotInTheHostOrTheVhostNamesTheSameDomain() throws Exception {
        List<Ffmpeg.Run> players = new ArrayList<>();
        List<Object[]> recordings = new ArrayList<>();
        String hostHeader = "Host: example.com.\r\n";
        for (String[] play : List.of(
                new String[] {node.http("/live/cam-1.flv"), hostHeader},
                new String[] {node.http("/live/room-2024.m3u8"), hostHeader},
                new String[] {node.http("/live/cam-1.m3u8?vhost=example.com."), ""},
                new String[] {node.http("/live/room-2024.flv?vhost=EXAMPLE.com."), ""})) {
            Path out = dir.resolve("dot-" + recordings.size() + ".flv");
            List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                    "-rw_timeout", "10000000"));
            if (!play[1].isEmpty()) {
                cmd.addAll(List.of("-headers", play[1]));
            }
            cmd.addAll(List.of("-i", play[0], "-t", "3", "-c", "copy", "-f", "flv", "-y", out.toString()));
            players.add(Ffmpeg.start(cmd, dir, "dot-" + recordings.size()));
            recordings.add(new Object[] {play[0] + " " + play[1].trim(), out,
                    play[0].contains("cam-1") ? CAM_WIDTH : ROOM_WIDTH});
        }
        assertRecordings(players, recordings);
    }

    @Test
    void ambiguousUrlsGetADefinedAnswerAndNeverAnotherStream() throws Exception {
        Map<String, String> byHost = Map.of("Host", DOMAIN);
        List<String> failures = new ArrayList<>();
        for (Object[] c : cases()) {
            String target = (String) c[0];
            @SuppressWarnings("unchecked")
            Map<String, String> headers = c[1] == null ? byHost : (Map<String, String>) c[1];
            int expected = (int) c[2];
            String stream = (String) c[3];
            RawHttp answer = RawHttp.get(node.node.httpPort(), target, headers, 16 * 1024);
            String label = target + " " + headers + " -> " + answer.status();
            if (answer.status() != expected) {
                failures.add(label + ", expected " + expected + ": " + answer.bodyText().lines().findFirst()
                        .orElse(""));
            } else if (expected == 200 && target.contains(".flv")) {
                int width = stream.equals("cam-1") ? CAM_WIDTH : ROOM_WIDTH;
                if (metadataWidth(answer.body()) != width) {
                    failures.add(label + " played a stream of width " + metadataWidth(answer.body())
                            + ", not " + stream);
                }
            } else if (expected == 200 && !answer.bodyText().contains("\n" + stream + "/seg-")) {
                failures.add(label + " is not " + stream + "'s playlist: " + answer.bodyText());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void rtmpReadsNamesAsHttpDoes() throws Exception {
        // A percent-encoded unreserved character names the same stream, as over HTTP.
        try (RtmpPlayer player = RtmpPlayer.play(node.node.rtmpPort(), "live", "cam%2D1?vhost=example.com.")) {
            player.awaitMessages(messages -> messages.stream().anyMatch(m -> m.typeId() == 18
                    && metadataWidth(m.payload()) == CAM_WIDTH), Duration.ofSeconds(10));
        }
        // Names the API never mints are refused and the connection closed, as HTTP answers them 400.
        for (String[] name : List.of(new String[] {"live", ".."}, new String[] {"live", "cam%2F1"},
                new String[] {"live", "caf\u00e9"}, new String[] {"live/x", "cam-1"}, new String[] {"..", "cam-1"},
                new String[] {"live", "cam-1?vhost=example.com.."})) {
            try (RtmpPlayer player = RtmpPlayer.play(node.node.rtmpPort(), name[0], name[1])) {
                assertThat(player.awaitClosedByPeer(Duration.ofSeconds(10))).as(name[0] + " " + name[1]).isTrue();
                assertThat(player.messages()).as(name[0] + " " + name[1]).noneMatch(RtmpPlayer.Received::isMedia);
            }
        }
    }

    /** {target, headers (null: Host example.com), status, the stream a 200 must be}. */
    private static List<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        // Plays, and the right stream.
        for (String t : List.of("/live/cam-1.flv", "/live/cam%2D1.flv", "/live/cam%2d1.flv", "/live/cam-1.m3u8",
                "/%6Cive/cam-1.flv")) {
            cases.add(new Object[] {t, null, 200, "cam-1"});
        }
        cases.add(new Object[] {"/live/room-2024.flv", null, 200, "room-2024"});
        cases.add(new Object[] {"/live/room-2024.m3u8?vhost=Example.Com.", Map.of(), 200, "room-2024"});
        cases.add(new Object[] {"/live/cam-1.flv", Map.of("Host", "example.com."), 200, "cam-1"});
        cases.add(new Object[] {"/live/cam-1.flv", Map.of("Host", "EXAMPLE.COM.:8081"), 200, "cam-1"});
        cases.add(new Object[] {"/live/room-2024.flv?vhost=example.com.", Map.of(), 200, "room-2024"});
        // App and stream names are one stream in any case (StreamKey's rule, as in the control plane's database).
        for (String t : List.of("/live/CAM-1.flv", "/LIVE/cam-1.flv", "/live/Cam-1.m3u8")) {
            cases.add(new Object[] {t, null, 200, "cam-1"});
        }
        // Names that look like segments or carry an extension, other case, other shapes: no such stream.
        for (String t : List.of("/live/cam.flv", "/live/cam-1.ts", "/live/cam-1-0.ts", "/live/cam-0.ts",
                "/live/room-2024.ts", "/live/room/seg-2024.ts",
                "/live/cam-1.FLV", "/live/cam-1.flv.flv", "/live/cam-1.m3u8.flv",
                "/live/cam-1.flv.m3u8", "/live/cam-1/seg-99999.ts", "/live/cam-1/seg-01.ts", "/live/cam-1/seg--1.ts",
                "/live/cam-1/seg-99999999999999999999.ts", "/live/../cam-1.flv", "/../live/cam-1.flv",
                "/live/./cam-1.flv", "//live/cam-1.flv", "/live//cam-1.flv", "/live/cam-1.flv/", "/live%2Fcam-1.flv",
                "/live/cam-1", "/cam-1.flv", "/live/cam-1/../room-2024.flv", "/live/" + "a".repeat(128) + ".flv")) {
            cases.add(new Object[] {t, null, 404, null});
        }
        // Names the API never mints, and domains that are no host name: 400.
        for (String t : List.of("/live/..flv", "/live/...flv", "/live/%2e%2e.flv", "/%2E%2E/cam-1.flv",
                "/live/..%2Fcam-1.flv", "/live/cam-1%2F.flv", "/live/cam%2F1.flv", "/live/cam%5C1.flv",
                "/live/cam%00.flv", "/live/cam%.flv", "/live/cam%zz.flv", "/live/caf%C3%A9.flv", "/live/café.flv",
                "/live/cam%201.flv", "/live/cam+1.flv", "/live/cam:1.flv",
                "/live/%2e%2e/seg-0123456789abcdef-1.ts",
                "/live/" + "a".repeat(129) + ".flv", "/" + "a".repeat(65) + "/cam-1.flv",
                "/live/cam-1.flv?vhost=example.com/x", "/live/cam-1.flv?vhost=exa%0Ample.com",
                "/live/cam-1.flv?vhost=example.com..")) {
            cases.add(new Object[] {t, null, 400, null});
        }
        cases.add(new Object[] {"/live/cam-1.flv", Map.of("Host", "example.com.."), 400, null});
        cases.add(new Object[] {"/live/cam-1.flv", Map.of("Host", "exa mple.com"), 400, null});
        // Beyond the HTTP decoder's 4096-byte request line: the decoder's failure answered as a bad request.
        cases.add(new Object[] {"/live/" + "a".repeat(5000) + ".flv", null, 400, null});
        return cases;
    }

    /** The {@code width} of the first onMetaData in an FLV byte stream (AMF0 number after the key), or -1. */
    private static int metadataWidth(byte[] flv) {
        byte[] key = "width".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length + 9 <= flv.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (flv[i + k] != key[k]) {
                    continue outer;
                }
            }
            if (flv[i + key.length] == 0) { // AMF0 number marker
                return (int) ByteBuffer.wrap(flv, i + key.length + 1, 8).getDouble();
            }
        }
        return -1;
    }

    private static void assertRecordings(List<Ffmpeg.Run> players, List<Object[]> recordings) throws Exception {
        for (int i = 0; i < players.size(); i++) {
            assertThat(players.get(i).await(Duration.ofSeconds(30))).as(recordings.get(i)[0] + ": "
                    + players.get(i).stderr()).isZero();
        }
        for (Object[] recording : recordings) {
            String label = (String) recording[0];
            JsonNode probe = Ffmpeg.probe(recording[1].toString());
            JsonNode video = Ffmpeg.stream(probe, "video");
            assertThat(video.path("codec_name").asText()).as(label).isEqualTo("h264");
            assertThat(video.path("width").asInt()).as(label + " is the stream it names").isEqualTo(recording[2]);
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).as(label).isEqualTo("aac");
            assertThat(Ffmpeg.duration(probe)).as(label + " duration").isBetween(2.5, 3.5);
        }
    }
}
