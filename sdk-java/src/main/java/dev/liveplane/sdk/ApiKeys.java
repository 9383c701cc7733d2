package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.ApiKeysApi;
import dev.liveplane.sdk.generated.model.ApiKey;
import dev.liveplane.sdk.generated.model.ApiKeyCreated;
import dev.liveplane.sdk.generated.model.ApiKeyPage;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;

/** The tenant's API keys: credentials for programs. */
public final class ApiKeys {

    private final ApiKeysApi api;
    private final RetryingCaller caller;

    ApiKeys(ApiKeysApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /**
     * Creates a key. Its {@code secret} is in this answer only: store it now. A fresh idempotency key goes with the
     * request and each of its retries, so a retried create never makes a second key.
     */
    public ApiKeyCreated create(ApiKeyRequest request) {
        return create(request, IdempotencyKeys.generate());
    }

    /** Creates a key under the caller's idempotency key: repeating it (within 24 h) returns the first result. */
    public ApiKeyCreated create(ApiKeyRequest request, String idempotencyKey) {
        return caller.idempotent("createApiKey", () -> api.createApiKey(request, idempotencyKey));
    }

    /** The tenant's keys (never their secrets), fetched page by page as they are iterated. */
    public PagedIterable<ApiKey> list() {
        return new PagedIterable<>(token -> {
            ApiKeyPage page = caller.idempotent("listApiKeys", () -> api.listApiKeys(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Revokes a key; it stops working at once. */
    public void revoke(String id) {
        caller.idempotent("revokeApiKey", () -> api.revokeApiKey(id));
    }
}
