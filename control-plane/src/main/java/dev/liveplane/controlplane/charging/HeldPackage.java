package dev.liveplane.controlplane.charging;

import java.time.Instant;

/** A tenant's traffic package with bytes left, as the charger read it: valid from purchase to expiry. */
record HeldPackage(String id, long remainingBytes, Instant purchasedAt, Instant expiresAt) {

    /** Whether traffic of the 5-minute bucket starting at {@code bucketStart} may use it: the two overlap. */
    boolean covers(Instant bucketStart) {
        return purchasedAt.isBefore(bucketStart.plus(Allocation.BUCKET)) && bucketStart.isBefore(expiresAt);
    }
}
