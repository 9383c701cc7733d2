package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.CallbacksApi;
import dev.liveplane.sdk.generated.model.CallbackDelivery;
import dev.liveplane.sdk.generated.model.CallbackDeliveryPage;
import dev.liveplane.sdk.generated.model.Callbacks;
import dev.liveplane.sdk.generated.model.CallbacksUpdate;

/**
 * A push domain's webhooks (the spec's {@code callbacks}): where they go, which events they carry, their signing
 * secret, and the delivery log. Receivers check what arrives with {@link WebhookSignature}.
 */
public final class Webhooks {

    private final CallbacksApi api;
    private final RetryingCaller caller;

    Webhooks(CallbacksApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** The domain's webhook URL, events and signing secret; {@code configured} is false (no URL, no secret) when it has none. */
    public Callbacks get(String domain) {
        return caller.idempotent("getDomainCallbacks", () -> api.getDomainCallbacks(domain));
    }

    /**
     * Sets the URL and events (push domains only). The first call creates a signing secret unless one is given; later
     * ones keep it unless {@code rotateSecret} is true or a new {@code secret} is given.
     */
    public Callbacks update(String domain, CallbacksUpdate update) {
        if (Boolean.TRUE.equals(update == null ? null : update.getRotateSecret())) {
            // A rotation repeated after a lost answer would rotate twice and retire the secret receivers know.
            return caller.notIdempotent("updateDomainCallbacks", () -> api.updateDomainCallbacks(domain, update));
        }
        return caller.idempotent("updateDomainCallbacks", () -> api.updateDomainCallbacks(domain, update));
    }

    /** Stops sending webhooks for the domain (no error when there were none). */
    public void delete(String domain) {
        caller.idempotent("deleteDomainCallbacks", () -> api.deleteDomainCallbacks(domain));
    }

    /** The delivery log of every domain, newest first, fetched page by page as it is iterated. */
    public PagedIterable<CallbackDelivery> deliveries() {
        return deliveries(null);
    }

    /** The delivery log of one push domain, newest first; null for every domain. */
    public PagedIterable<CallbackDelivery> deliveries(String domain) {
        return new PagedIterable<>(token -> {
            CallbackDeliveryPage page = caller.idempotent("listCallbackDeliveries",
                    () -> api.listCallbackDeliveries(domain, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }
}
