package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.RecordingApi;
import dev.liveplane.sdk.generated.model.ManualRecording;
import dev.liveplane.sdk.generated.model.Recording;
import dev.liveplane.sdk.generated.model.RecordingFormat;
import dev.liveplane.sdk.generated.model.RecordingPage;
import dev.liveplane.sdk.generated.model.RecordingRule;
import dev.liveplane.sdk.generated.model.RecordingRuleUpdate;
import dev.liveplane.sdk.generated.model.RecordingSession;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Recording live streams into the deployment's bucket: a push domain's rules, manual start and stop, the recorded
 * files and sessions with their download and playlist URLs, deleting files, and a live stream's latest thumbnail.
 */
public final class Recordings {

    private final RecordingApi api;
    private final RetryingCaller caller;

    Recordings(RecordingApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** The push domain's rules, most general first. */
    public List<RecordingRule> rules(String domain) {
        return caller.idempotent("listRecordingRules", () -> api.listRecordingRules(domain)).getItems();
    }

    /**
     * Sets the rule for the whole domain ({@code app} and {@code stream} {@code "*"}), one app ({@code stream}
     * {@code "*"}) or one stream, replacing it whole: what {@code rule} leaves out takes its default. Nodes apply it
     * from the next file they start.
     */
    public RecordingRule putRule(String domain, String app, String stream, RecordingRuleUpdate rule) {
        return caller.idempotent("putRecordingRule", () -> api.putRecordingRule(domain, app, stream, rule));
    }

    /** Deletes a rule; streams it covered follow a wider rule, if any, from their next file. */
    public void deleteRule(String domain, String app, String stream) {
        caller.idempotent("deleteRecordingRule", () -> api.deleteRecordingRule(domain, app, stream));
    }

    /** Starts recording a stream whose rule's policy is manual (now if it is live, else when it goes live). */
    public ManualRecording start(String domain, String app, String stream) {
        return caller.idempotent("startRecording", () -> api.startRecording(domain, app, stream));
    }

    /** Stops a manual recording; the file being written is closed and uploaded. Stopping twice is no error. */
    public void stop(String domain, String app, String stream) {
        caller.idempotent("stopRecording", () -> api.stopRecording(domain, app, stream));
    }

    /** Every recorded file of the tenant, newest start first, fetched page by page as they are iterated. */
    public PagedIterable<Recording> list() {
        return list(null, null, null, null, null, null, null);
    }

    /**
     * The recorded files of one push domain, app, stream, session and format (each null for any) that started in
     * {@code [since, until)} (each null for no bound), newest start first.
     */
    public PagedIterable<Recording> list(String domain, String app, String stream, String sessionId,
            RecordingFormat format, Instant since, Instant until) {
        OffsetDateTime from = since == null ? null : OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
        OffsetDateTime to = until == null ? null : OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
        return new PagedIterable<>(token -> {
            RecordingPage page = caller.idempotent("listRecordings", () -> api.listRecordings(domain, app, stream,
                    sessionId, format, from, to, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /**
     * A recorded file with its {@code downloadUrl}, valid until {@code downloadUrlExpiresAt}: the object's presigned
     * URL, or for HLS a playlist URL any player opens. Whoever holds it can download the file.
     */
    public Recording get(String id) {
        return caller.idempotent("getRecording", () -> api.getRecording(id));
    }

    /** Deletes the file's objects from the bucket (for HLS the playlist and every segment), then its entry. */
    public void delete(String id) {
        caller.idempotent("deleteRecording", () -> api.deleteRecording(id));
    }

    /** A recording session (a publish and its reconnects), with a VOD playlist URL of its HLS files in order. */
    public RecordingSession session(String id) {
        return caller.idempotent("getRecordingSession", () -> api.getRecordingSession(id));
    }

    /** The stream's latest thumbnail, JPEG bytes (404 when it has none). */
    public byte[] snapshot(String domain, String app, String stream) {
        File jpeg = caller.idempotent("getStreamSnapshot", () -> api.getStreamSnapshot(domain, app, stream));
        try {
            return Files.readAllBytes(jpeg.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the downloaded thumbnail " + jpeg, e);
        } finally {
            jpeg.delete();
        }
    }
}
