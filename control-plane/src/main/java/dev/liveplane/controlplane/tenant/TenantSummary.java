package dev.liveplane.controlplane.tenant;

import java.time.Instant;

/** A tenant as the platform operator lists it. */
public record TenantSummary(String id, String name, Instant createdAt) {
}
