package dev.liveplane.controlplane.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stream nodes must refuse to publish (and cut) until it is resumed or {@code untilAt} passes. */
@MappedEntity("forbidden_streams")
record ForbiddenStreamRow(
        @Id String id,
        String tenantId,
        String domain,
        String app,
        String stream,
        @Nullable Instant untilAt,
        @Nullable String reason,
        Instant createdAt) {
}
