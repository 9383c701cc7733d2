package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.StreamKeysApi;
import dev.liveplane.sdk.generated.model.StreamKey;
import dev.liveplane.sdk.generated.model.StreamKeyCreated;
import dev.liveplane.sdk.generated.model.StreamKeyPage;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;

/**
 * A push domain's persistent stream keys, IVS style: a broadcaster sets OBS's Server ({@code server}) and Stream Key
 * ({@code streamKey}) once and reconnects for as long as the key is not revoked. Use them for long-lived encoders;
 * signed push URLs ({@link Signing#signedUrls}) for short-lived pushes a backend mints per session.
 */
public final class StreamKeys {

    private final StreamKeysApi api;
    private final RetryingCaller caller;

    StreamKeys(StreamKeysApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /**
     * Creates a key for one stream of a push domain. Its {@code value} is in this answer only: store it (or hand it
     * to the broadcaster) now. A fresh idempotency key goes with the request and its retries, so a retried create
     * never makes a second key.
     */
    public StreamKeyCreated create(String domain, StreamKeyRequest request) {
        return create(domain, request, IdempotencyKeys.generate());
    }

    /** Creates a key under the caller's idempotency key: repeating it (within 24 h) returns the first result. */
    public StreamKeyCreated create(String domain, StreamKeyRequest request, String idempotencyKey) {
        return caller.idempotent("createStreamKey", () -> api.createStreamKey(domain, request, idempotencyKey));
    }

    /** The push domain's keys (never their values), fetched page by page as they are iterated. */
    public PagedIterable<StreamKey> list(String domain) {
        return new PagedIterable<>(token -> {
            StreamKeyPage page = caller.idempotent("listStreamKeys",
                    () -> api.listStreamKeys(domain, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Revokes a key: a publisher using it is cut within 2 s and it is refused from then on. */
    public void revoke(String domain, String id) {
        caller.idempotent("revokeStreamKey", () -> api.revokeStreamKey(domain, id));
    }

    /**
     * Replaces a key with a new one (new id and value) for the same stream and revokes the old one. Never repeated
     * once it may have reached the server: a second rotation would find the old key gone.
     */
    public StreamKeyCreated rotate(String domain, String id) {
        return caller.notIdempotent("rotateStreamKey", () -> api.rotateStreamKey(domain, id));
    }
}
