package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import dev.liveplane.media.server.stream.QueuedSink;
import dev.liveplane.media.server.stream.StreamInfo;
import dev.liveplane.media.server.stream.StreamSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream sink far slower than the stream (a stalled disk, say) costs the publisher and the viewers nothing: it runs
 * on its own executor, its bounded queue drops frames and counts them, and every frame it was lent is freed.
 */
class SlowSinkTest {

    @TempDir
    Path dir;

    @Test
    void aSinkFarSlowerThanTheStreamLeavesPublisherAndViewersInRealTime() throws Exception {
        ExecutorService sinkThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "slow-sink"));
        SlowSink slow = new SlowSink();
        try (LocalNode node = LocalNode.startWithSinks(metrics -> List.of(
                QueuedSink.factory("slow", stream -> slow, sinkThread, 16, metrics)))) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "sunk"), 12, "640x360", dir, "aac");
            node.awaitStream("live", "sunk", Duration.ofSeconds(15));

            Path recording = dir.resolve("viewer.flv");
            Ffmpeg.Run viewer = Ffmpeg.record(node.http("/live/sunk.flv"), 8, recording, dir);
            assertThat(viewer.await(Duration.ofSeconds(30))).as(viewer.stderr()).isZero();
            assertThat(Ffmpeg.duration(Ffmpeg.probe(recording.toString()))).isBetween(7.5, 8.5);
            assertThat(Ffmpeg.decodeErrors(recording)).isEmpty();

            String metrics = LocalNode.awaitBody(node.admin("/metrics"),
                    body -> body.contains("liveplane_sink_dropped_frames_total{sink=\"slow\"}"),
                    Duration.ofSeconds(5));
            assertThat(counter(metrics, "liveplane_sink_dropped_frames_total{sink=\"slow\"}")).isPositive();
            assertThat(publisher.await(Duration.ofSeconds(30))).as(publisher.stderr()).isZero();

            assertThat(slow.ended.await(60, TimeUnit.SECONDS)).as("the sink hears the end after its backlog").isTrue();
            assertThat(slow.started.key().stream()).isEqualTo("sunk");
            assertThat(slow.started.reconnect()).isFalse();
            assertThat(slow.endReason).isEqualTo("ended");
            assertThat(slow.configuredBeforeFirstFrame).as("codec configuration comes before frames").isTrue();
            assertThat(slow.seen).isNotEmpty().allSatisfy(frame -> assertThat(frame.refCnt())
                    .as("every frame lent to the sink is freed once the stream ended: %s", frame).isZero());
        } finally {
            sinkThread.shutdownNow();
        }
    }

    private static double counter(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Takes 250 ms per frame, as a sink writing to a disk that stalls would. */
    private static final class SlowSink implements StreamSink {
        final CountDownLatch ended = new CountDownLatch(1);
        final Queue<MediaFrame> seen = new ConcurrentLinkedQueue<>();
        volatile StreamInfo started;
        volatile String endReason;
        volatile boolean configured;
        volatile boolean configuredBeforeFirstFrame;

        @Override
        public void started(StreamInfo stream) {
            started = stream;
        }

        @Override
        public void codecConfig(CodecConfig config) {
            configured |= config.video() != null;
        }

        @Override
        public void frame(MediaFrame frame) {
            if (seen.isEmpty()) {
                configuredBeforeFirstFrame = configured;
            }
            seen.add(frame); // not retained: only its reference count is read once the stream is over
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void ended(String reason) {
            endReason = reason;
            ended.countDown();
        }
    }
}
