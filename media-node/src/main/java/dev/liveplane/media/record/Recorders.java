package dev.liveplane.media.record;

import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.StreamInfo;
import dev.liveplane.media.server.stream.StreamSink;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a {@link StreamRecorder} for each stream published here whose push domain has a recording rule, and holds
 * what the recorders share: the config, the spool (files being written under {@code active/}), its budget, the
 * outbox, and the sessions. A relayed stream is recorded on its origin, never again here.
 */
public final class Recorders implements StreamSink.Factory {

    private static final Logger log = LoggerFactory.getLogger(Recorders.class);
    /**
     * The buffers recordings are built in (an HLS segment, an MP4 fragment, FLV tags): on the heap, so recording 50
     * streams in every format (about 150 MB in flight) never exhausts the direct memory ingest and viewers need;
     * bench/recording.sh saw publishers cut for want of it when they shared the pool.
     */
    static final ByteBufAllocator BUFFERS = new PooledByteBufAllocator(false);

    private final Supplier<RecordingConfig> config;
    private final Path activeDir;
    private final RecordingOutbox outbox;
    private final SpoolBudget budget;
    private final RecordingMetrics metrics;
    private final Clock clock;
    private final Thumbnails thumbnails;
    private final RecordingSessions sessions = new RecordingSessions();

    /**
     * @param spoolDir the spool; what an earlier run was still writing under {@code active/} when it died is
     *        salvaged up to its last whole part ({@link RecordingSalvage}), what it left in the outbox is uploaded
     */
    public Recorders(Supplier<RecordingConfig> config, Path spoolDir, RecordingOutbox outbox, SpoolBudget budget,
            RecordingMetrics metrics, Thumbnails thumbnails, Clock clock) throws IOException {
        this.config = config;
        this.thumbnails = thumbnails;
        this.activeDir = Files.createDirectories(spoolDir.resolve("active"));
        this.outbox = outbox;
        this.budget = budget;
        this.metrics = metrics;
        this.clock = clock;
        int salvaged = new RecordingSalvage(activeDir, outbox, budget).run();
        if (salvaged > 0) {
            log.warn("event=recording_files_salvaged files={}", salvaged);
        }
    }

    @Override
    public StreamSink open(StreamInfo stream) {
        if (stream.relayed()) {
            return null;
        }
        RecordingConfig now = config.get();
        boolean domainRecords = now.storage() != null && now.rules().stream()
                .anyMatch(rule -> rule.domain().equalsIgnoreCase(stream.key().domain()));
        return domainRecords ? new StreamRecorder(this, stream) : null;
    }

    RecordingWriter writer(RecordingFormat format, RecordingFile file, CodecConfig codecs, long firstTimestamp,
            RecordingRule rule) throws IOException {
        return switch (format) {
            case FLV -> new FlvRecordingWriter(file, codecs, firstTimestamp);
            case HLS -> new HlsRecordingWriter(file, codecs, (int) rule.hlsSegment().toMillis());
            case MP4 -> new Mp4RecordingWriter(file, codecs, firstTimestamp);
        };
    }

    Supplier<RecordingConfig> config() {
        return config;
    }

    Path activeDir() {
        return activeDir;
    }

    RecordingOutbox outbox() {
        return outbox;
    }

    SpoolBudget budget() {
        return budget;
    }

    RecordingMetrics metrics() {
        return metrics;
    }

    Thumbnails thumbnails() {
        return thumbnails;
    }

    Clock clock() {
        return clock;
    }

    RecordingSessions sessions() {
        return sessions;
    }
}
