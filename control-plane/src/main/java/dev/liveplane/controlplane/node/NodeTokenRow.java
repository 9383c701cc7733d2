package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A bootstrap token nodes register with: the SHA-256 of its secret (hex), never the secret itself. */
@MappedEntity("node_tokens")
record NodeTokenRow(@Id String id, @Nullable String description, String secretHash, Instant createdAt,
        Instant expiresAt, @Nullable Instant revokedAt) {

    /** Whether it may still register a node at {@code now}. */
    boolean usableAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    @Override
    public String toString() {
        return "NodeTokenRow[id=" + id + "]";
    }
}
