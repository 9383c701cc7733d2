package dev.liveplane.controlplane.callback;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A push domain's webhook settings: where they go (the URL sealed with the master key for this domain, and its
 * display form with credentials masked), which events ({@code publish,unpublish,record_done}), and the signing
 * secret, sealed likewise.
 */
@MappedEntity("domain_callbacks")
record CallbackRow(@Id String domainId, String url, String events, String secretSealed, Instant updatedAt,
        String urlSealed) {

    @Override
    public String toString() {
        return "CallbackRow[domainId=" + domainId + ", events=" + events + "]";
    }
}
