package dev.liveplane.controlplane.apikey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An API key: the SHA-256 of its secret (hex), never the secret itself. */
@MappedEntity("api_keys")
record ApiKeyRow(@Id String id, String tenantId, String name, String secretHash, Instant createdAt,
        @Nullable Instant lastUsedAt) {

    ApiKeyRow usedAt(Instant when) {
        return new ApiKeyRow(id, tenantId, name, secretHash, createdAt, when);
    }

    @Override
    public String toString() {
        return "ApiKeyRow[id=" + id + ", tenantId=" + tenantId + "]";
    }
}
