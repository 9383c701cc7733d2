package dev.liveplane.media.record;

import dev.liveplane.media.server.stream.PublishedStream;
import java.time.Instant;
import java.util.UUID;

/**
 * What the node tells the control plane about a recording: a file whose every object is in the bucket, or that it
 * stopped recording a stream. Kept in the outbox with the upload it waits for, so a report survives a restart with the
 * same {@code id}, which the control plane de-duplicates on.
 *
 * @param failed   true: a {@code failed} report with {@code reason}; false: a {@code file} report
 * @param format   null for a failure
 * @param key      the file's object key (an HLS file's playlist), null for a failure
 * @param video    null when the file has no video (or for a failure)
 * @param audio    null likewise
 */
public record RecordingOutcome(String id, boolean failed, String tenantId, String domainId, String domain, String app,
        String stream, String sessionId, int sequence, RecordingFormat format, String key, long bytes,
        long durationMs, Instant startedAt, Instant endedAt, PublishedStream.VideoTrack video,
        PublishedStream.AudioTrack audio, String reason) {

    /** A report id unique on every node for good, so a report replayed after a restart is known as the same one. */
    static String newId() {
        return "r-" + UUID.randomUUID();
    }

    /** This draft as the report of a file of {@code newFormat} begun now, with an id of its own. */
    RecordingOutcome started(RecordingFormat newFormat) {
        return new RecordingOutcome(newId(), false, tenantId, domainId, domain, app, stream, sessionId, sequence,
                newFormat, null, 0, 0, startedAt, null, video, audio, null);
    }

    /** This report, begun when the file opened, as it is once the file is finished as {@code newKey}. */
    RecordingOutcome finished(String newKey, long newBytes, FileEnd end) {
        return new RecordingOutcome(id, false, tenantId, domainId, domain, app, stream, sessionId, sequence, format,
                newKey, newBytes, end.durationMs(), startedAt, end.at(), end.video() != null ? end.video() : video,
                end.audio() != null ? end.audio() : audio, null);
    }

    /**
     * How a file ends: when, how long it plays, and its tracks as known by then (a frame rate needs frames; null
     * keeps what was known at the start).
     */
    public record FileEnd(Instant at, long durationMs, PublishedStream.VideoTrack video,
            PublishedStream.AudioTrack audio) {
    }
}
