package dev.liveplane.media.record;

import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.QueuedSink;
import dev.liveplane.media.server.stream.StreamSink;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A node's recording, put together: recorders on threads of their own (behind a bounded {@link QueuedSink} per
 * stream, so a slow disk never reaches an event loop), the spool and its budget, and the outbox uploading through
 * the store the config names. {@link #sinks} is what the node's streams are given.
 */
public final class RecordingService implements AutoCloseable {

    /** Frames one stream's recorder may have waiting: several seconds of a high-rate stream. */
    static final int QUEUE_FRAMES = 4096;
    /**
     * How long a stream's frames gather before its recorder takes them: a file needs them in order, not at once, and
     * a wake-up per frame cost more than the writing (bench/recording.sh). 4,096 frames hold far more than this.
     */
    static final Duration GATHER = Duration.ofMillis(200);
    static final int UPLOADS_IN_FLIGHT = 4;
    /** ffmpeg processes decoding thumbnails at once; one is busy for a few tens of milliseconds per thumbnail. */
    static final int THUMBNAILS_AT_ONCE = 2;

    private final Path spoolDir;
    private final Supplier<RecordingConfig> config;
    private final RecordingReports reports;
    private final SpoolBudget budget;
    private final Clock clock;
    private final CurrentStore store;
    private final ScheduledExecutorService writers;
    private final ScheduledExecutorService uploads;
    private final ExecutorService thumbnailMakers;
    private RecordingOutbox outbox;

    /**
     * @param stores opens the store for a bucket ({@link S3ObjectStore} in production)
     */
    public RecordingService(Path spoolDir, long budgetBytes, Supplier<RecordingConfig> config,
            RecordingReports reports, Function<StorageTarget, ObjectStore> stores, Clock clock) {
        this.spoolDir = spoolDir;
        this.config = config;
        this.reports = reports;
        this.budget = new SpoolBudget(budgetBytes);
        this.clock = clock;
        this.store = new CurrentStore(config, stores);
        // Writing files is short, blocking disk work: two threads keep one slow write from holding every stream.
        this.writers = Executors.newScheduledThreadPool(2, new DefaultThreadFactory("liveplane-recorder", true));
        this.uploads = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("liveplane-uploads", true));
        this.thumbnailMakers = Executors.newFixedThreadPool(THUMBNAILS_AT_ONCE, new DefaultThreadFactory("liveplane-thumbnails", true));
    }

    /** The sinks to give the node's streams, counting into the node's metrics; call once. */
    public StreamSink.Factory sinks(NodeMetrics metrics) {
        RecordingMetrics recordingMetrics = new RecordingMetrics(metrics.meterRegistry(), budget);
        try {
            outbox = new RecordingOutbox(spoolDir, store, reports, budget, recordingMetrics, uploads,
                    UPLOADS_IN_FLIGHT);
            Recorders recorders = new Recorders(config, spoolDir, outbox, budget, recordingMetrics,
                    new Thumbnails(thumbnailMakers, THUMBNAILS_AT_ONCE, "ffmpeg"), clock);
            return QueuedSink.gathering("recording", recorders, writers, GATHER, QUEUE_FRAMES, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("recordings spool " + spoolDir, e);
        }
    }

    public SpoolBudget budget() {
        return budget;
    }

    /**
     * Stops: lets the recorders finish what their queues hold (a stream ended by the shutdown finishes its files),
     * then the uploads; what is not up yet stays in the outbox for the next start.
     */
    @Override
    public void close() {
        writers.shutdown();
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thumbnailMakers.shutdownNow();
        if (outbox != null) {
            outbox.close();
        }
        uploads.shutdownNow();
        store.close();
    }
}
