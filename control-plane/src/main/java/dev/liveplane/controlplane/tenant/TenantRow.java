package dev.liveplane.controlplane.tenant;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A tenant: one customer account. Its {@code slug}, unique, names it inside the platform zone's host names. */
@MappedEntity("tenants")
public record TenantRow(@Id String id, String name, String slug, Instant createdAt) {
}
