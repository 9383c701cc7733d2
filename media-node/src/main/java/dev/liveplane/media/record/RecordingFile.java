package dev.liveplane.media.record;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * What every format's writer of one file shares: where it writes on disk, where finished objects go, how its keys
 * are named and what its report says.
 *
 * @param active the spool's directory of files being written
 * @param alloc  where writers take the buffers they build files in: heap, so that what recording holds never takes
 *               the direct memory the live path (ingest, viewers, live HLS) runs on
 * @param draft  the report as known when the file opens: the stream, its session, the file's sequence number, its
 *               wall-clock start and the tracks; each writer completes it
 */
record RecordingFile(Path active, RecordingOutbox outbox, SpoolBudget budget, ByteBufAllocator alloc, KeyTemplate keys,
        RecordingOutcome draft) {

    /** The file's key, without extension; {@code end} null while unknown. */
    String key(Instant end) {
        return keyOf(keys, draft, end);
    }

    static String keyOf(KeyTemplate keys, RecordingOutcome draft, Instant end) {
        return keys.expand(draft.domain(), draft.app(), draft.stream(), draft.startedAt(), end, draft.sequence());
    }

    String stream() {
        return draft.stream();
    }

    /** A new file in the active directory, named so that files of several streams and formats never collide. */
    Path newLocalFile(String extension) throws IOException {
        return Files.createFile(active.resolve(UUID.randomUUID() + extension));
    }

    /**
     * Hands a finished file to the outbox as {@code {key}{extension}}, with the report its journal began: due once it,
     * and everything submitted before it, is in the bucket. The journal goes, as nothing is left to salvage.
     */
    void submit(SpoolFile out, RecordingJournal journal, long bytes, RecordingOutcome.FileEnd end) {
        RecordingOutcome started = journal.outcome();
        String objectKey = key(end.at()) + started.format().extension();
        outbox.submit(out.path(), objectKey, started.format().contentType(), started.finished(objectKey, bytes, end));
        journal.delete();
    }
}
