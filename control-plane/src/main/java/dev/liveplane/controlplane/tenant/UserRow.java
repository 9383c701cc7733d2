package dev.liveplane.controlplane.tenant;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A person who logs in to a tenant; {@code passwordHash} is an encoded Argon2id hash, never the password. */
@MappedEntity("users")
record UserRow(@Id String id, String tenantId, String email, String passwordHash, Instant createdAt) {

    @Override
    public String toString() {
        return "UserRow[id=" + id + ", tenantId=" + tenantId + "]";
    }
}
