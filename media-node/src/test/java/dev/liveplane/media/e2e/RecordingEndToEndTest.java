package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.fleet.FleetSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recording to a real S3 API (S3Proxy) from a node under the fake control plane, pushed to by ffmpeg and checked with
 * ffprobe: cycles of FLV and HLS files whose durations and joins match what was pushed, a bucket outage that loses
 * nothing, a spent spool budget that stops the recording but not the stream, and reconnects within the window that
 * continue one session.
 */
class RecordingEndToEndTest extends FleetTestBase {

    /** ffmpeg's test publisher sends a keyframe every second: one GOP. */
    private static final double GOP_SECONDS = 1.0;

    private LocalS3 s3;

    @BeforeEach
    void startBucket() throws Exception {
        s3 = new LocalS3(dir.resolve("s3"));
    }

    @AfterEach
    void stopBucket() throws Exception {
        s3.close();
    }

    @Test
    void cyclesOfEveryFormatLandInTheBucketPlayAndJoinWithoutGaps() throws Exception {
        fleet = startNode(controlPlane.uri());
        record(2, "[\"flv\", \"hls\", \"mp4\"]", 4, 30);
        Ffmpeg.Run publisher = publishFor("cycles", 11);
        awaitLive("cycles", Duration.ofSeconds(10));
        Thread.sleep(2_500);
        // The MP4 being written plays up to its last fragment: a copy taken mid-cycle opens with both tracks.
        Path writing;
        try (var files = java.nio.file.Files.list(dir.resolve("state/spool/recordings/active"))) {
            writing = files.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
        }
        Path copy = java.nio.file.Files.copy(writing, dir.resolve("writing.mp4"));
        JsonNode partial = Ffmpeg.probe(copy.toString());
        assertThat(Ffmpeg.stream(partial, "video").path("codec_name").asText()).isEqualTo("h264");
        assertThat(Ffmpeg.stream(partial, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(Ffmpeg.duration(partial)).isGreaterThanOrEqualTo(1.0);
        assertThat(publisher.await(Duration.ofSeconds(40))).as(publisher.stderr()).isZero();
        await("every file reported", this::allFilesReported, Duration.ofSeconds(20));

        List<JsonNode> flv = controlPlane.recordings.files("flv");
        assertThat(flv).hasSizeGreaterThanOrEqualTo(3);
        double total = 0;
        Set<String> sessions = new HashSet<>();
        for (int i = 0; i < flv.size(); i++) {
            JsonNode file = flv.get(i);
            assertThat(file.path("sequence").asInt()).isEqualTo(i);
            assertThat(file.path("key").asText()).matches("push\\.example\\.com/live/cycles/\\d{8}T\\d{6}Z_" + i
                    + "\\.flv").isIn(s3.keys());
            Path local = s3.download(file.path("key").asText(), dir.resolve("got/" + i + ".flv"));
            JsonNode probe = Ffmpeg.probe(local.toString());
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
            assertThat(Ffmpeg.stream(probe, "video").path("width").asInt()).isEqualTo(320);
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
            assertThat(Ffmpeg.duration(probe)).as("file %d", i)
                    .isCloseTo(file.path("durationMs").asLong() / 1000.0, within(1.0));
            assertThat(file.path("bytes").asLong()).isEqualTo(java.nio.file.Files.size(local));
            assertThat(file.path("video").path("codec").asText()).isEqualTo("h264");
            total += Ffmpeg.duration(probe);
            sessions.add(file.path("sessionId").asText());
            if (i > 0) {
                long gapMs = Duration.between(Instant.parse(flv.get(i - 1).path("endedAt").asText()),
                        Instant.parse(file.path("startedAt").asText())).toMillis();
                assertThat(Math.abs(gapMs) / 1000.0).as("join %d", i).isLessThanOrEqualTo(GOP_SECONDS);
            }
        }
        assertThat(sessions).hasSize(1);
        assertThat(total).as("recorded of 11 s pushed").isCloseTo(11.0, within(GOP_SECONDS));

        List<JsonNode> hls = controlPlane.recordings.files("hls");
        double hlsTotal = 0;
        for (JsonNode file : hls) {
            String key = file.path("key").asText();
            assertThat(key).endsWith(".m3u8");
            String prefix = key.substring(0, key.lastIndexOf('/') + 1);
            Path playlist = s3.download(key, dir.resolve("hls/" + key));
            for (String line : java.nio.file.Files.readAllLines(playlist)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    s3.download(prefix + line, playlist.resolveSibling(line));
                }
            }
            JsonNode probe = Ffmpeg.probe(playlist.toString());
            assertThat(Ffmpeg.duration(probe)).isCloseTo(file.path("durationMs").asLong() / 1000.0, within(1.0));
            assertThat(Ffmpeg.decodeErrors(playlist)).isEmpty();
            hlsTotal += Ffmpeg.duration(probe);
        }
        assertThat(hlsTotal).isCloseTo(11.0, within(GOP_SECONDS));

        List<JsonNode> mp4 = controlPlane.recordings.files("mp4");
        assertThat(mp4).hasSameSizeAs(flv);
        double mp4Total = 0;
        for (JsonNode file : mp4) {
            Path local = s3.download(file.path("key").asText(), dir.resolve("mp4/" + file.path("key").asText()));
            JsonNode probe = Ffmpeg.probe(local.toString());
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
            assertThat(Ffmpeg.duration(probe)).isCloseTo(file.path("durationMs").asLong() / 1000.0, within(1.0));
            assertThat(Ffmpeg.decodeErrors(local)).isEmpty();
            mp4Total += Ffmpeg.duration(probe);
        }
        assertThat(mp4Total).isCloseTo(11.0, within(GOP_SECONDS));
        assertThat(metrics()).contains("liveplane_recording_uploaded_objects_total");
    }

    @Test
    void thumbnailsAreJpegsOfTheStreamEveryInterval() throws Exception {
        fleet = startNode(controlPlane.uri());
        record(2, "[\"flv\"]", 60, 30, 2);
        assertThat(publishFor("thumbs", 7).await(Duration.ofSeconds(30))).isZero();
        await("every file reported", this::allFilesReported, Duration.ofSeconds(20));
        String prefix = "push.example.com/live/thumbs/thumbnails/";
        await("the thumbnails uploaded", () -> s3.keys().stream().filter(k -> k.startsWith(prefix)).count() >= 4,
                Duration.ofSeconds(10));
        List<String> taken = s3.keys().stream().filter(k -> k.matches(java.util.regex.Pattern.quote(prefix)
                + "\\d+\\.jpg")).toList();
        // One every 2 s of a 7 s stream: at 0, 2, 4 and 6 s, give or take the keyframe each lands on.
        assertThat(taken).hasSizeBetween(3, 4);
        assertThat(s3.keys()).contains(prefix + "latest.jpg");
        for (String key : List.of(taken.get(0), prefix + "latest.jpg")) {
            JsonNode probe = Ffmpeg.probe(s3.download(key, dir.resolve("thumbs/" + key)).toString());
            JsonNode picture = Ffmpeg.stream(probe, "video");
            assertThat(picture.path("codec_name").asText()).isEqualTo("mjpeg");
            assertThat(picture.path("width").asInt()).isEqualTo(320);
            assertThat(picture.path("height").asInt()).isEqualTo(240);
        }
    }

    @Test
    void aNodeStoppedWithTheStreamLiveFinishesItsFileAndUploadsItOnTheNextStart() throws Exception {
        fleet = startNode(controlPlane.uri());
        record(2, "[\"flv\"]", 60, 30);
        s3.stop(); // the file cannot go up before the stop
        publishFor("deploy", 30);
        awaitLive("deploy", Duration.ofSeconds(10));
        Thread.sleep(4_000);
        fleet.close();
        fleet = null;
        encoders.forEach(run -> run.process().destroyForcibly());
        s3.start();
        fleet = startNode(controlPlane.uri());
        await("the file cut by the stop", () -> controlPlane.recordings.files("flv").size() == 1,
                Duration.ofSeconds(20));
        JsonNode file = controlPlane.recordings.files("flv").get(0);
        Path local = s3.download(file.path("key").asText(), dir.resolve("deploy.flv"));
        assertThat(Ffmpeg.duration(Ffmpeg.probe(local.toString()))).isCloseTo(4.0, within(1.5));
    }

    @Test
    void aManualRuleRecordsOnlyBetweenStartAndStop() throws Exception {
        fleet = startNode(controlPlane.uri());
        manual(2, "");
        publishFor("byhand", 30);
        awaitLive("byhand", Duration.ofSeconds(10));
        Thread.sleep(2_000);
        assertThat(java.nio.file.Files.list(dir.resolve("state/spool/recordings/active")).count())
                .as("nothing written before the start").isZero();
        // Taken before the rule is sent: the node may hear it, and start, before the call has returned.
        Instant started = Instant.now();
        manual(3, "{\"domain\": \"%s\", \"app\": \"live\", \"stream\": \"byhand\"}".formatted(PUSH));
        Thread.sleep(4_000);
        manual(4, "");
        Instant stopped = Instant.now();
        await("the file of the recorded span", () -> controlPlane.recordings.files("flv").size() == 1,
                Duration.ofSeconds(20));
        JsonNode file = controlPlane.recordings.files("flv").get(0);
        // Started and stopped at the keyframes after the snapshots arrived: one GOP late at most, each end.
        assertThat(Instant.parse(file.path("startedAt").asText())).isBetween(started,
                started.plusMillis(1_500));
        assertThat(file.path("durationMs").asLong() / 1000.0)
                .isCloseTo(Duration.between(started, stopped).toMillis() / 1000.0, within(2 * GOP_SECONDS));
        Thread.sleep(3_000);
        assertThat(controlPlane.recordings.files("flv")).as("nothing after the stop").hasSize(1);
    }

    /** A snapshot whose one rule records the push domain by hand, with {@code manual} the streams started. */
    private void manual(long version, String manual) throws Exception {
        String auto = s3.withRecording(snapshot(version, push(PUSH, KEY, true) + ","
                + pull(PLAY, PUSH, PLAY_KEY, true, ""), "", ""), PUSH, "[\"flv\"]", 60, 30, 0);
        controlPlane.publish(version, auto.replace("\"policy\": \"auto\"", "\"policy\": \"manual\"")
                .replace("\"manual\": []", "\"manual\": [" + manual + "]"));
        awaitVersion(version, Duration.ofSeconds(10));
    }

    @Test
    void aBucketOutageMidStreamLosesNoFile() throws Exception {
        fleet = startNode(controlPlane.uri());
        record(2, "[\"flv\"]", 3, 30);
        Ffmpeg.Run publisher = publishFor("outage", 12);
        awaitLive("outage", Duration.ofSeconds(10));
        Thread.sleep(1_500);
        s3.stop();
        Thread.sleep(6_000); // two cycles end while the bucket is away
        assertThat(controlPlane.recordings.files("flv")).hasSizeLessThanOrEqualTo(1);
        s3.start();
        assertThat(publisher.await(Duration.ofSeconds(40))).as(publisher.stderr()).isZero();
        await("every file reported", this::allFilesReported, Duration.ofSeconds(30));

        List<JsonNode> flv = controlPlane.recordings.files("flv");
        double total = 0;
        for (int i = 0; i < flv.size(); i++) {
            assertThat(flv.get(i).path("sequence").asInt()).isEqualTo(i);
            Path local = s3.download(flv.get(i).path("key").asText(), dir.resolve("got/" + i + ".flv"));
            total += Ffmpeg.duration(Ffmpeg.probe(local.toString()));
        }
        assertThat(flv).hasSizeGreaterThanOrEqualTo(4);
        assertThat(total).isCloseTo(12.0, within(GOP_SECONDS));
        assertThat(controlPlane.recordings.failures()).isEmpty();
    }

    @Test
    void aSpentSpoolBudgetStopsTheRecordingNotTheStream() throws Exception {
        fleet = startNode(controlPlane.uri(), settings -> settings.withRecordingSpool(256 * 1024));
        record(2, "[\"flv\"]", 3, 30);
        s3.stop();
        publishFor("budget", 30);
        awaitLive("budget", Duration.ofSeconds(10));
        await("a failed report", () -> !controlPlane.recordings.failures().isEmpty(), Duration.ofSeconds(30));
        JsonNode failure = controlPlane.recordings.failures().get(0);
        assertThat(failure.path("stream").asText()).isEqualTo("budget");
        assertThat(failure.path("reason").asText()).contains("spool budget");
        assertThat(stream("budget")).as("still live").isNotNull();
        assertThat(metrics()).containsPattern("liveplane_recording_failures_total(\\{[^}]*})? 1\\.0");
        s3.start();
        await("the file written before the budget ran out", () -> !controlPlane.recordings.files("flv").isEmpty(),
                Duration.ofSeconds(20));
    }

    @Test
    void aPublisherBackWithinTheReconnectWindowContinuesTheSession() throws Exception {
        fleet = startNode(controlPlane.uri());
        record(2, "[\"flv\"]", 60, 30);
        assertThat(publishFor("again", 3).await(Duration.ofSeconds(30))).isZero();
        await("the first file", () -> controlPlane.recordings.files("flv").size() == 1, Duration.ofSeconds(20));
        assertThat(publishFor("again", 3).await(Duration.ofSeconds(30))).isZero();
        await("the second file", () -> controlPlane.recordings.files("flv").size() == 2, Duration.ofSeconds(20));
        List<JsonNode> files = controlPlane.recordings.files("flv");
        assertThat(files.get(1).path("sessionId").asText()).isEqualTo(files.get(0).path("sessionId").asText());
        assertThat(files.get(1).path("sequence").asInt()).isEqualTo(1);
    }

    private Ffmpeg.Run publishFor(String stream, int seconds) throws java.io.IOException {
        Ffmpeg.Run run = Ffmpeg.publish(signedPush("live", stream, KEY, PUSH), seconds, "320x240", dir, "aac");
        encoders.add(run);
        return run;
    }

    /** Whether every stream ended and every file the node finished is reported (none is still on its way). */
    private boolean allFilesReported() {
        if (fleet.node().registry().size() > 0) {
            return false;
        }
        String metrics = metrics();
        // The recorders take a stream's end a moment after it leaves the registry (their frames gather): until
        // they have finished its files, the count below is not final.
        if (!metrics.contains("\nliveplane_recording_streams 0.0")) {
            return false;
        }
        java.util.regex.Matcher finished = java.util.regex.Pattern
                .compile("(?m)^liveplane_recording_files_total(?:\\{[^}]*})? ([0-9.]+)$").matcher(metrics);
        long reported = controlPlane.recordings.reports.stream()
                .filter(r -> "file".equals(r.path("type").asText())).count();
        return finished.find() && (long) Double.parseDouble(finished.group(1)) == reported && reported > 0;
    }

    /** Publishes a snapshot recording every stream of the push domain in {@code formats}, and waits for it. */
    private void record(long version, String formats, int cycleSeconds, int reconnectSeconds) throws Exception {
        record(version, formats, cycleSeconds, reconnectSeconds, 0);
    }

    private void record(long version, String formats, int cycleSeconds, int reconnectSeconds, int thumbnailSeconds)
            throws Exception {
        controlPlane.publish(version, s3.withRecording(snapshot(version, push(PUSH, KEY, true) + ","
                + pull(PLAY, PUSH, PLAY_KEY, true, ""), "", ""), PUSH, formats, cycleSeconds, reconnectSeconds,
                thumbnailSeconds));
        awaitVersion(version, Duration.ofSeconds(10));
    }
}
