package dev.liveplane.controlplane.streamkey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A push domain's persistent stream key for one stream: the SHA-256 of its secret (hex), never the secret itself. */
@MappedEntity("stream_keys")
record StreamKeyRow(@Id String id, String tenantId, String domainId, String app, String stream,
        @Nullable String description, String secretHash, Instant createdAt) {

    @Override
    public String toString() {
        return "StreamKeyRow[id=" + id + ", domainId=" + domainId + ", app=" + app + ", stream=" + stream + "]";
    }
}
