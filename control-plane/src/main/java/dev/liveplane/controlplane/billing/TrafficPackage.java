package dev.liveplane.controlplane.billing;

import java.time.Instant;

/** A package a tenant bought, as the billing services answer it. */
public record TrafficPackage(String id, String skuId, String name, long sizeBytes, long remainingBytes, long price,
        Instant purchasedAt, Instant expiresAt) {

    static TrafficPackage of(PackageRow row) {
        return new TrafficPackage(row.id(), row.skuId(), row.name(), row.sizeBytes(), row.remainingBytes(),
                row.price(), row.purchasedAt(), row.expiresAt());
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
