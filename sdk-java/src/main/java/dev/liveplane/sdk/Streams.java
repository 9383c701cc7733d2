package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.StreamsApi;
import dev.liveplane.sdk.generated.model.ForbidRequest;
import dev.liveplane.sdk.generated.model.ForbiddenStream;
import dev.liveplane.sdk.generated.model.ForbiddenStreamPage;
import dev.liveplane.sdk.generated.model.OnlineStream;
import dev.liveplane.sdk.generated.model.OnlineStreamPage;
import dev.liveplane.sdk.generated.model.PublishSession;
import dev.liveplane.sdk.generated.model.PublishSessionPage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The tenant's live streams: which are online, their publish history, and forbidding (cutting and refusing) and
 * resuming them.
 */
public final class Streams {

    private final StreamsApi api;
    private final RetryingCaller caller;

    Streams(StreamsApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** Every stream being published now, on any node, fetched page by page as they are iterated. */
    public PagedIterable<OnlineStream> list() {
        return list(null);
    }

    /** The streams being published now to one push domain; null for every domain. */
    public PagedIterable<OnlineStream> list(String domain) {
        return new PagedIterable<>(token -> {
            OnlineStreamPage page = caller.idempotent("listStreams",
                    () -> api.listStreams(domain, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Every forbid in force (expired ones are gone). */
    public PagedIterable<ForbiddenStream> forbidden() {
        return forbidden(null);
    }

    /** The forbids in force on one push domain; null for every domain. */
    public PagedIterable<ForbiddenStream> forbidden(String domain) {
        return new PagedIterable<>(token -> {
            ForbiddenStreamPage page = caller.idempotent("listForbiddenStreams",
                    () -> api.listForbiddenStreams(domain, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Every publish session of the tenant, newest start first, fetched page by page as they are iterated. */
    public PagedIterable<PublishSession> history() {
        return history(null, null, null, null, null);
    }

    /**
     * The publish sessions of one push domain, app or stream (each null for any) that started in
     * {@code [since, until)} (each null for no bound), newest start first: node, start, end and why, duration,
     * codecs, peak viewers and the bytes ingested and sent to viewers.
     */
    public PagedIterable<PublishSession> history(String domain, String app, String stream, Instant since,
            Instant until) {
        OffsetDateTime from = since == null ? null : OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
        OffsetDateTime to = until == null ? null : OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
        return new PagedIterable<>(token -> {
            PublishSessionPage page = caller.idempotent("listPublishSessions",
                    () -> api.listPublishSessions(domain, app, stream, from, to, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /**
     * Cuts the stream's publisher (within 2 s, on whichever node it is) and refuses it until {@link #resume}. A stream
     * that is not live may be forbidden too: it will not start.
     */
    public ForbiddenStream forbid(String domain, String app, String stream) {
        return forbid(domain, app, stream, null, null);
    }

    /**
     * As {@link #forbid(String, String, String)}, lifted by itself at {@code until} (null: never) and recorded with
     * {@code reason} (may be null). Forbidding again replaces {@code until}, so a retry leaves the same forbid.
     */
    public ForbiddenStream forbid(String domain, String app, String stream, Instant until, String reason) {
        // An empty object rather than no body: the generated client would send the JSON literal null.
        ForbidRequest request = new ForbidRequest()
                .until(until == null ? null : OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .reason(reason);
        return caller.idempotent("forbidStream", () -> api.forbidStream(domain, app, stream, request));
    }

    /** Lifts a forbid; the stream may be published again within 2 s. Resuming a stream not forbidden is no error. */
    public void resume(String domain, String app, String stream) {
        caller.idempotent("resumeStream", () -> api.resumeStream(domain, app, stream));
    }
}
