package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.LogLimiter;
import dev.liveplane.media.server.NodeMetrics;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a sink that may be slow (a recorder writing to disk, an uploader) into one the stream's event loop can feed
 * without waiting: events queue here, bounded, and run in order on the sink's own executor. A frame that finds the
 * queue full is dropped, and so is every frame after it up to the next video keyframe (any frame when the stream has
 * no video), so what the sink gets still decodes; drops count in {@code liveplane_sink_dropped_frames_total{sink}}
 * and are logged a few times a minute per sink. Start, end and codec configuration are never dropped: a
 * configuration that finds the queue full waits here, the latest one only, and goes before the next frame that fits.
 * Frames are queued by reference (retained), never copied. A sink that need not see each frame at once can have
 * them gathered: its queue is then drained a while after its first event arrives, so the executor's threads wake a
 * few times a second per stream rather than once a frame (which cost 50 recorded streams several % of a core in
 * futex wake-ups, bench/recording.sh).
 */
public final class QueuedSink implements StreamSink {

    private static final Logger log = LoggerFactory.getLogger(QueuedSink.class);
    private static final LogLimiter DROPS = LogLimiter.perMinute(4);

    private final String name;
    private final StreamSink sink;
    private final Consumer<Runnable> launcher;
    private final int capacity;
    private final Counter dropped;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    /** Frames and configurations waiting; the producer checks it against the capacity. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();

    // Producer-only state (the stream's event loop).
    private StreamKey key;
    private boolean dropping;
    private boolean hasVideo;
    private CodecConfig pendingConfig;

    private QueuedSink(String name, StreamSink sink, Consumer<Runnable> launcher, int capacity, Counter dropped) {
        this.name = name;
        this.sink = sink;
        this.launcher = launcher;
        this.capacity = capacity;
        this.dropped = dropped;
    }

    /**
     * Wraps every sink {@code factory} opens.
     *
     * @param name     the sink's name in metrics and logs ({@code recording}, {@code usage}, ...)
     * @param executor where the sink's calls run; several streams may share it, each stream's calls stay in order
     * @param capacity frames (and configurations) one stream's sink may have waiting
     */
    public static StreamSink.Factory factory(String name, StreamSink.Factory factory, Executor executor, int capacity,
            NodeMetrics metrics) {
        return launching(name, factory, executor::execute, capacity, metrics);
    }

    /**
     * Wraps every sink {@code factory} opens, gathering each stream's events for {@code gather} before its sink
     * takes them (start, end and configurations too, so everything stays in order).
     */
    public static StreamSink.Factory gathering(String name, StreamSink.Factory factory,
            ScheduledExecutorService executor, Duration gather, int capacity, NodeMetrics metrics) {
        long millis = gather.toMillis();
        return launching(name, factory, drain -> executor.schedule(drain, millis, TimeUnit.MILLISECONDS), capacity,
                metrics);
    }

    private static StreamSink.Factory launching(String name, StreamSink.Factory factory, Consumer<Runnable> launcher,
            int capacity, NodeMetrics metrics) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        Counter dropped = metrics.sinkDroppedFrames(name);
        return stream -> {
            StreamSink sink = factory.open(stream);
            return sink == null ? null : new QueuedSink(name, sink, launcher, capacity, dropped);
        };
    }

    @Override
    public void started(StreamInfo stream) {
        key = stream.key();
        enqueue(stream);
    }

    @Override
    public void codecConfig(CodecConfig config) {
        hasVideo = config.video() != null;
        if (pendingConfig != null) {
            pendingConfig.release(); // superseded by this one
            pendingConfig = null;
        }
        if (queued.get() >= capacity) {
            pendingConfig = config.retain();
            return;
        }
        queued.incrementAndGet();
        enqueue(config.retain());
    }

    @Override
    public void frame(MediaFrame frame) {
        if (dropping && !(frame.kind() == MediaFrame.Kind.VIDEO ? frame.keyframe() : !hasVideo)) {
            drop(frame);
            return;
        }
        if (queued.get() >= capacity) {
            dropping = true;
            drop(frame);
            return;
        }
        dropping = false;
        if (pendingConfig != null) {
            queued.incrementAndGet();
            enqueue(pendingConfig);
            pendingConfig = null;
        }
        queued.incrementAndGet();
        enqueue(frame.retain());
    }

    @Override
    public void ended(String reason) {
        if (pendingConfig != null) {
            pendingConfig.release();
            pendingConfig = null;
        }
        enqueue(new Ended(reason));
    }

    private void drop(MediaFrame frame) {
        dropped.increment();
        DROPS.log("sink_frames_dropped " + name, suppressed -> log.warn(
                "event=sink_frames_dropped sink={} stream={} frame={} queued={} suppressed={}", name, key, frame,
                queued.get(), suppressed));
    }

    private void enqueue(Object event) {
        queue.add(event);
        if (draining.compareAndSet(false, true)) {
            try {
                launcher.accept(this::drain);
            } catch (RejectedExecutionException e) {
                discard(); // the executor is shut down with the node: free what waits
            }
        }
    }

    /** Runs the queued calls in order; one drain at a time, on the sink's executor. */
    private void drain() {
        do {
            Object event;
            while ((event = queue.poll()) != null) {
                deliver(event);
            }
            draining.set(false);
        } while (!queue.isEmpty() && draining.compareAndSet(false, true));
    }

    private void deliver(Object event) {
        try {
            if (event instanceof MediaFrame frame) {
                try {
                    sink.frame(frame);
                } finally {
                    queued.decrementAndGet();
                    frame.release();
                }
            } else if (event instanceof CodecConfig config) {
                try {
                    sink.codecConfig(config);
                } finally {
                    queued.decrementAndGet();
                    config.release();
                }
            } else if (event instanceof StreamInfo stream) {
                sink.started(stream);
            } else if (event instanceof Ended end) {
                sink.ended(end.reason());
            }
        } catch (RuntimeException e) {
            DROPS.log("sink_failed " + name, suppressed -> log.warn(
                    "event=sink_failed sink={} stream={} error=\"{}\" suppressed={}", name, key, e.toString(),
                    suppressed));
        }
    }

    private void discard() {
        Object event;
        while ((event = queue.poll()) != null) {
            if (event instanceof MediaFrame frame) {
                frame.release();
            } else if (event instanceof CodecConfig config) {
                config.release();
            }
        }
        draining.set(false);
    }

    private record Ended(String reason) {
    }
}
