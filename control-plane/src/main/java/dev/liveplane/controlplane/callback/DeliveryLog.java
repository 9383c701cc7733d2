package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Instant;

/** Lists a tenant's webhook deliveries, newest first, optionally of one domain. */
@Singleton
final class DeliveryLog {

    // The first page starts before a time no row has, so the id half of the keyset does not matter there.
    private static final Instant AFTER_EVERY_ROW = Instant.parse("9999-12-31T00:00:00Z");

    private final DeliveryRepository deliveries;

    DeliveryLog(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    Slice<DeliveryRow> list(String tenantId, @Nullable String domain, int size, @Nullable String pageToken) {
        String last = PageToken.decode(pageToken);
        Instant beforeAt = AFTER_EVERY_ROW;
        String beforeId = "";
        if (!last.isEmpty()) {
            int colon = last.indexOf(':');
            try {
                beforeAt = Instant.ofEpochMilli(Long.parseLong(last.substring(0, colon)));
                beforeId = last.substring(colon + 1);
            } catch (RuntimeException notOurs) {
                throw PageToken.invalid();
            }
        }
        String filter = domain == null || domain.isBlank() ? null : DomainNames.lookupName(domain);
        return Slice.of(deliveries.findPage(tenantId, filter, beforeAt, beforeId, size + 1), size,
                row -> row.createdAt().toEpochMilli() + ":" + row.id());
    }
}
