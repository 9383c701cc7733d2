package dev.liveplane.controlplane.billing;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.time.YearMonth;

/**
 * One movement of a tenant's money or package bytes: {@code amount} in minor units, signed (credits positive),
 * {@code balanceAfter} the balance once it applied; {@code month} the statement month it belongs to.
 */
public record LedgerEntry(String id, String tenantId, EntryKind kind, long amount, long balanceAfter,
        @Nullable Long bytes, @Nullable String packageId, @Nullable String reason, YearMonth month, Instant createdAt) {
}
