package dev.liveplane.media.record;

import dev.liveplane.media.protocol.hls.MediaSegment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a node's start, turns what a killed run was still writing into finished files: each journal in the active
 * directory names a file and how far it was whole, so an FLV or MP4 file is cut back to its last checkpoint (a whole
 * tag or fragment) and an HLS cycle gets the playlist of the segments it finished; each goes to the outbox with the
 * report its journal began, whose id the control plane de-duplicates on. What no journal names (a torn tail's
 * segment, a thumbnail) is dropped.
 */
final class RecordingSalvage {

    private static final Logger log = LoggerFactory.getLogger(RecordingSalvage.class);

    private final Path active;
    private final RecordingOutbox outbox;
    private final SpoolBudget budget;

    RecordingSalvage(Path active, RecordingOutbox outbox, SpoolBudget budget) {
        this.active = active;
        this.outbox = outbox;
        this.budget = budget;
    }

    /** Salvages every journal's file, then drops what is left; answers how many files were salvaged. */
    int run() throws IOException {
        int salvaged = 0;
        for (Path path : list(RecordingJournal.EXTENSION)) {
            try {
                RecordingJournal.Left left = RecordingJournal.read(path);
                if (left.header().outcome().format() == RecordingFormat.HLS ? hls(left) : singleFile(left)) {
                    salvaged++;
                }
            } catch (IOException | RuntimeException e) {
                log.error("event=recording_salvage_failed journal={} error=\"{}\"", path, e.toString());
            }
            Files.deleteIfExists(path);
        }
        for (Path path : list("")) {
            log.warn("event=recording_unfinished_file_dropped file={} bytes={}", path, Files.size(path));
            Files.delete(path);
        }
        return salvaged;
    }

    /** An FLV or MP4 file, cut back to its last checkpoint. */
    private boolean singleFile(RecordingJournal.Left left) throws IOException {
        RecordingJournal.Header header = left.header();
        Path data = active.resolve(header.dataFile());
        if (!Files.exists(data)) {
            return false; // finished and in the outbox before the journal went
        }
        RecordingJournal.Checkpoint last = left.checkpoints().isEmpty() ? null
                : left.checkpoints().get(left.checkpoints().size() - 1);
        if (last == null || last.durationMs() == 0 || Files.size(data) < last.bytes()) {
            return false; // nothing of it plays; dropped with the rest
        }
        try (FileChannel channel = FileChannel.open(data, StandardOpenOption.WRITE)) {
            channel.truncate(last.bytes());
            channel.force(false);
        }
        submit(data, header, last.bytes(), last.durationMs());
        return true;
    }

    /** An HLS cycle: its finished segments (those the outbox did not take yet go now) and their playlist. */
    private boolean hls(RecordingJournal.Left left) throws IOException {
        List<MediaSegment> segments = new ArrayList<>();
        long bytes = 0;
        long durationMs = 0;
        for (RecordingJournal.Checkpoint segment : left.checkpoints()) {
            Path local = active.resolve(segment.segmentFile());
            if (Files.exists(local)) {
                budget.add(Files.size(local));
                outbox.submit(local, segment.segmentKey(), HlsRecordingWriter.SEGMENT_TYPE, null);
            }
            segments.add(new MediaSegment(HlsRecordingWriter.segmentName(segment.segmentKey()), segment.durationMs(),
                    segment.discontinuity()));
            bytes = segment.bytes();
            durationMs += segment.durationMs();
        }
        if (segments.isEmpty()) {
            return false;
        }
        byte[] playlist = HlsRecordingWriter.playlist(left.header().targetDurationSeconds(), segments);
        Path file = Files.write(active.resolve(left.path().getFileName() + ".m3u8"), playlist);
        submit(file, left.header(), bytes + playlist.length, durationMs);
        return true;
    }

    private void submit(Path file, RecordingJournal.Header header, long bytes, long durationMs) throws IOException {
        RecordingOutcome started = header.outcome();
        Instant end = started.startedAt().plusMillis(durationMs);
        String key = RecordingFile.keyOf(header.keys(), started, end) + started.format().extension();
        long size = Files.size(file);
        budget.add(size);
        outbox.submit(file, key, started.format().contentType(),
                started.finished(key, bytes, new RecordingOutcome.FileEnd(end, durationMs, null, null)));
        log.info("event=recording_salvaged key={} bytes={} duration_ms={} report={}", key, bytes, durationMs,
                started.id());
    }

    /** The active directory's files ending in {@code extension}, or (empty) all of them. */
    private List<Path> list(String extension) throws IOException {
        try (Stream<Path> files = Files.list(active)) {
            return files.filter(p -> p.getFileName().toString().endsWith(extension)).toList();
        }
    }
}
