package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.server.NodeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A queued sink runs its sink's calls in order on the sink's own executor, drops frames (up to the next keyframe)
 * when its queue is full, never drops the start, the end or the codec configuration, and frees every frame it held.
 */
class QueuedSinkTest {

    private static final StreamKey KEY = new StreamKey("example.com", "live", "demo");

    private final NodeMetrics metrics = new NodeMetrics();
    private final List<Runnable> pending = new ArrayList<>();
    /** The sink's executor, run by hand: nothing runs until {@link #runSink()}. */
    private final Executor manual = pending::add;
    private final List<String> calls = new ArrayList<>();
    private final List<MediaFrame> made = new ArrayList<>();
    private final List<MediaFrame> held = new ArrayList<>();
    private final EmbeddedChannel loop = new EmbeddedChannel();

    @AfterEach
    void everyFrameIsFreed() {
        held.forEach(MediaFrame::release);
        assertThat(made).allSatisfy(frame -> assertThat(frame.refCnt()).as("%s", frame).isZero());
        loop.finishAndReleaseAll();
    }

    @Test
    void callsArriveInOrderOnTheSinksExecutor() {
        StreamSink sink = open(8);
        sink.started(info());
        sink.codecConfig(config(videoHeader()));
        lend(sink, video(0, true));
        lend(sink, audio(10));
        sink.ended("ended");

        assertThat(calls).as("nothing runs on the stream's loop").isEmpty();
        runSink();

        assertThat(calls).containsExactly("started", "config video", "VIDEO@0 key", "AUDIO@10", "ended ended");
        assertThat(dropped()).isZero();
    }

    @Test
    void aFullQueueDropsFramesUpToTheNextKeyframeAndCountsThem() {
        StreamSink sink = open(3);
        sink.started(info());
        sink.codecConfig(config(videoHeader()));
        lend(sink, video(0, true));
        lend(sink, video(40, false)); // the queue now holds 3: config and two frames
        lend(sink, video(80, false)); // dropped: full
        runSink();
        lend(sink, video(120, false)); // dropped: what follows a dropped frame cannot decode
        lend(sink, audio(130)); // dropped with its GOP
        lend(sink, video(160, true)); // resumes at a keyframe
        sink.ended("replaced");
        runSink();

        assertThat(calls).containsExactly("started", "config video", "VIDEO@0 key", "VIDEO@40", "VIDEO@160 key",
                "ended replaced");
        assertThat(dropped()).isEqualTo(3);
    }

    @Test
    void aConfigurationThatFindsTheQueueFullWaitsForTheNextFrameThatFits() {
        StreamSink sink = open(2);
        sink.started(info());
        lend(sink, video(0, true));
        lend(sink, video(40, false));
        sink.codecConfig(config(videoHeader())); // full: kept, not dropped
        lend(sink, video(80, false)); // dropped
        runSink();
        lend(sink, video(120, true));
        sink.ended("ended");
        runSink();

        assertThat(calls).containsExactly("started", "VIDEO@0 key", "VIDEO@40", "config video", "VIDEO@120 key",
                "ended ended");
        assertThat(dropped()).isEqualTo(1);
    }

    private StreamSink open(int capacity) {
        return QueuedSink.factory("test", stream -> new Recording(), manual, capacity, metrics).open(info());
    }

    private StreamInfo info() {
        return new StreamInfo(KEY, DomainOwner.NONE, Instant.now(), false, false, loop.eventLoop());
    }

    private void runSink() {
        while (!pending.isEmpty()) {
            pending.remove(0).run();
        }
    }

    private double dropped() {
        return metrics.sinkDroppedFrames("test").count();
    }

    /** Lends a frame for the call and releases the stream's own reference right after, as LiveStream does. */
    private void lend(StreamSink sink, MediaFrame frame) {
        made.add(frame);
        sink.frame(frame);
        frame.release();
    }

    /** A configuration the stream holds until the test ends. */
    private CodecConfig config(MediaFrame videoHeader) {
        made.add(videoHeader);
        held.add(videoHeader);
        return new CodecConfig(null, videoHeader, null);
    }

    private static MediaFrame videoHeader() {
        return MediaFrames.video(0, Unpooled.wrappedBuffer(new byte[] {0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1F}), 0);
    }

    private static MediaFrame video(long ts, boolean key) {
        return MediaFrames.video(ts, Unpooled.wrappedBuffer(new byte[] {(byte) (key ? 0x17 : 0x27), 1, 0, 0, 0,
                0, 0, 0, 1, 0x65}), 0);
    }

    private static MediaFrame audio(long ts) {
        return MediaFrames.audio(ts, Unpooled.wrappedBuffer(new byte[] {(byte) 0xAF, 1, 0x21, 0x10}), 0);
    }

    private final class Recording implements StreamSink {
        @Override
        public void started(StreamInfo stream) {
            calls.add("started");
        }

        @Override
        public void codecConfig(CodecConfig config) {
            calls.add("config" + (config.video() != null ? " video" : ""));
        }

        @Override
        public void frame(MediaFrame frame) {
            calls.add(frame.kind() + "@" + frame.timestamp() + (frame.keyframe() ? " key" : ""));
        }

        @Override
        public void ended(String reason) {
            calls.add("ended " + reason);
        }
    }
}
