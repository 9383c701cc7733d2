package dev.liveplane.controlplane.callback;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * A claimed delivery with what sending it needs, read in one query: the domain's current URL and secret, still
 * sealed (null when the domain's webhooks were removed since). {@code url} is the display form, for logs.
 */
@Introspected
record Outgoing(String id, String domain, String event, String url, String body, int attempts,
        @Nullable String callbackDomainId, @Nullable String secretSealed, @Nullable String urlSealed) {

    @Override
    public String toString() {
        return "Outgoing[id=" + id + ", domain=" + domain + ", event=" + event + "]";
    }
}
