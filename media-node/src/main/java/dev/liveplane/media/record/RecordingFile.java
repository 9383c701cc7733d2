package dev.liveplane.media.record;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * What every format's writer of one file shares: where it writes on disk, where finished objects go, how its keys
 * are named and the report it ends with.
 *
 * @param active   the spool's directory of files being written
 * @param alloc    where writers take the buffers they build files in: heap, so that what recording holds never takes
 *                 the direct memory the live path (ingest, viewers, live HLS) runs on
 * @param start    the wall-clock time of the file's first frame
 * @param sequence the file's number in its recording session
 */
record RecordingFile(Path active, RecordingOutbox outbox, SpoolBudget budget, ByteBufAllocator alloc, KeyTemplate keys,
        String domain, String app, String stream, Instant start, int sequence) {

    /** The file's key, without extension; {@code end} null while unknown. */
    String key(Instant end) {
        return keys.expand(domain, app, stream, start, end, sequence);
    }

    /** A new file in the active directory, named so that files of several streams and formats never collide. */
    Path newLocalFile(String extension) throws IOException {
        return Files.createFile(active.resolve(UUID.randomUUID() + extension));
    }

    /**
     * Hands a finished file of {@code format} to the outbox as {@code {key}{extension}}, with its report: due once
     * it, and everything submitted before it, is in the bucket.
     */
    void submit(SpoolFile out, RecordingFormat format, long bytes, Instant end, Outcomes outcomes) {
        String objectKey = key(end) + format.extension();
        outbox.submit(out.path(), objectKey, format.contentType(), outcomes.file(format, objectKey, bytes));
    }

    /** What a writer needs to say at the end: the report for its file, given what only it knows. */
    @FunctionalInterface
    interface Outcomes {
        RecordingOutcome file(RecordingFormat format, String key, long bytes);
    }
}
