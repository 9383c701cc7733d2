package dev.liveplane.controlplane.callback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One webhook request and its fate: {@code PENDING} until the receiver answers 2xx ({@code DELIVERED}) or the
 * attempts run out ({@code FAILED}). While pending, {@code nextAttemptAt} is when it is due, or, while an instance
 * is sending it, when that instance's claim lapses.
 */
@MappedEntity("callback_deliveries")
record DeliveryRow(
        @Id String id,
        String tenantId,
        String domain,
        String event,
        String url,
        String body,
        String status,
        int attempts,
        @Nullable Integer lastStatusCode,
        @Nullable String lastError,
        Instant createdAt,
        @Nullable Instant deliveredAt,
        @Nullable Instant nextAttemptAt) {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";
}
