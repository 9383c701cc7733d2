package dev.liveplane.controlplane.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A traffic package a tenant bought: what the SKU was then, the bytes left and when it expires. */
@MappedEntity("traffic_packages")
record PackageRow(@Id String id, String tenantId, String skuId, String name, long sizeBytes, long remainingBytes,
        long price, Instant purchasedAt, Instant expiresAt, @Nullable String idempotencyKey) {
}
