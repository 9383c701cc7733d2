package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.signing.UrlSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL while its uploads hang half sent and its files are half written: restarted on
 * the same state directory, it uploads every file its spool held, salvages the files it was writing up to their last
 * whole GOP, uploads each object once and whole, and reports each file once.
 */
class RecordingCrashTest {

    private static final int CYCLE_SECONDS = 4;

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private LocalS3 s3;
    private CountingProxy bucketPath;
    private NodeProcess node;
    private Ffmpeg.Run publisher;

    @BeforeEach
    void start() throws Exception {
        s3 = new LocalS3(dir.resolve("s3"));
        bucketPath = new CountingProxy(s3.endpoint().getPort());
        controlPlane = new FakeControlPlane();
        String snapshot = FleetTestBase.snapshot(1, FleetTestBase.push(FleetTestBase.PUSH, FleetTestBase.KEY, true),
                "", "");
        String recording = s3.withRecording(snapshot, FleetTestBase.PUSH, "[\"flv\", \"hls\", \"mp4\"]",
                CYCLE_SECONDS, 30, 0);
        controlPlane.publish(1, recording.replace(s3.storageJson(),
                s3.storageJson(java.net.URI.create("http://127.0.0.1:" + bucketPath.port()))));
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.kill();
        }
        if (node != null) {
            node.close();
        }
        bucketPath.close();
        controlPlane.close();
        s3.close();
    }

    @Test
    void aKillNineMidUploadLeavesEveryFileToUploadOnceAndWholeAfterTheRestart() throws Exception {
        node = started();
        String url = node.rtmp("live", "crash") + "?vhost=" + FleetTestBase.PUSH;
        publisher = Ffmpeg.publish(UrlSigner.primary(FleetTestBase.policy(FleetTestBase.KEY)).signUntil(url,
                Instant.now().plusSeconds(600)), 60, "320x240", dir, "aac");
        FleetTestBase.await("two files of each format up", () -> controlPlane.recordings.files("flv").size() >= 2
                && controlPlane.recordings.files("mp4").size() >= 2, Duration.ofSeconds(30));
        bucketPath.stalled = true; // the next uploads start and hang part way
        // Two more cycles end and wait on the hung uploads; the kill comes 2.5 s into the next, mid-file.
        double filesBefore = metric("liveplane_recording_files_total");
        FleetTestBase.await("two more cycles", () -> metric("liveplane_recording_files_total") >= filesBefore + 6,
                Duration.ofSeconds(20));
        Thread.sleep(2_500);
        node.kill();
        Instant killed = Instant.now();
        publisher.kill();
        int reportedBeforeKill = controlPlane.recordings.reports.size();
        bucketPath.stalled = false;

        node = started();
        FleetTestBase.await("the spool drained", () -> outboxWaiting() == 0
                && controlPlane.recordings.reports.size() > reportedBeforeKill + 6, Duration.ofSeconds(30));
        Thread.sleep(1_000); // a report of the last upload still on its way would show now

        Set<String> keys = new HashSet<>();
        for (String format : List.of("flv", "hls", "mp4")) {
            List<JsonNode> files = controlPlane.recordings.files(format);
            assertThat(files.size()).as(format).isGreaterThanOrEqualTo(4);
            for (int i = 0; i < files.size(); i++) {
                JsonNode file = files.get(i);
                assertThat(file.path("sequence").asInt()).as("%s files in order, none missing", format)
                        .isEqualTo(i);
                String key = file.path("key").asText();
                assertThat(keys.add(key)).as("reported once: %s", key).isTrue();
                Path local = s3.download(key, dir.resolve("got/" + key));
                long bytes = Files.size(local);
                if (format.equals("hls")) {
                    bytes += downloadSegments(key, local, keys);
                }
                assertThat(bytes).as("whole: %s", key).isEqualTo(file.path("bytes").asLong());
                assertThat(Ffmpeg.duration(Ffmpeg.probe(local.toString())))
                        .isCloseTo(file.path("durationMs").asLong() / 1000.0, within(1.0));
                assertThat(Ffmpeg.decodeErrors(local)).as("plays cleanly: %s", key).isEmpty();
            }
            if (!format.equals("hls")) { // an HLS cycle is salvaged only if a segment of it was finished
                JsonNode last = files.get(files.size() - 1);
                Instant end = Instant.parse(last.path("startedAt").asText())
                        .plusMillis(last.path("durationMs").asLong());
                assertThat(Duration.between(end, killed)).as("the %s file being written is salvaged to within a "
                        + "GOP (1 s) and the recorder's lag of the kill", format).isLessThan(Duration.ofMillis(1_800));
            }
        }
        assertThat(s3.keys()).as("no object but the reported files").containsExactlyInAnyOrderElementsOf(keys);
        assertThat(controlPlane.recordings.received.get()).as("each report sent once")
                .isEqualTo(controlPlane.recordings.reports.size());
    }

    /** Downloads an HLS file's segments beside its playlist, adds their keys, and answers their bytes. */
    private long downloadSegments(String playlistKey, Path playlist, Set<String> keys) throws Exception {
        String prefix = playlistKey.substring(0, playlistKey.lastIndexOf('/') + 1);
        long bytes = 0;
        for (String line : Files.readAllLines(playlist)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(keys.add(prefix + line)).as("segment uploaded for one playlist: %s", line).isTrue();
                bytes += Files.size(s3.download(prefix + line, playlist.resolveSibling(line)));
            }
        }
        return bytes;
    }

    private NodeProcess started() throws Exception {
        return NodeProcess.onSnapshot(dir, controlPlane, 1, List.of());
    }

    private double outboxWaiting() {
        return metric("liveplane_recording_outbox_waiting");
    }

    private double metric(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.E+-]+)$")
                .matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private String metrics() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(node.admin("/metrics"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException | InterruptedException e) {
            return "";
        }
    }
}
