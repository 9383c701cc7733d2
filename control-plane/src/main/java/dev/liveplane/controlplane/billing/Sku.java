package dev.liveplane.controlplane.billing;

import java.time.Instant;

/** A SKU as the catalog answers it. */
public record Sku(String id, String name, long sizeBytes, int validityDays, long price, boolean active,
        Instant createdAt) {

    static Sku of(SkuRow row) {
        return new Sku(row.id(), row.name(), row.sizeBytes(), row.validityDays(), row.price(), row.active(),
                row.createdAt());
    }
}
