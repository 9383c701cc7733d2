package dev.liveplane.controlplane.billing;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A traffic package on the catalog: its size, validity from purchase and price in minor units. */
@MappedEntity("skus")
record SkuRow(@Id String id, String name, long sizeBytes, int validityDays, long price, boolean active,
        Instant createdAt) {
}
