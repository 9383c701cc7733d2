package dev.liveplane.controlplane.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A create's response remembered under its {@code Idempotency-Key}: {@code id} is {@code tenantId:sha256(key)},
 * {@code requestHash} identifies the request, and the body is sealed with the master key because some responses
 * (a new API key) hold a secret.
 */
@MappedEntity("idempotency_keys")
record IdempotencyRecord(
        @Id String id,
        String requestHash,
        int status,
        @Nullable String location,
        String bodySealed,
        Instant createdAt) {
}
