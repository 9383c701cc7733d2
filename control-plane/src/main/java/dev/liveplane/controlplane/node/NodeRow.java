package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A registered media node: where players reach it, what it last reported, and its status ({@code HEALTHY},
 * {@code DRAINING} or {@code SILENT}) as the fleet last judged it. A deleted node keeps its row with
 * {@code revokedAt} set, so its credential stays refused.
 */
@MappedEntity("nodes")
record NodeRow(
        @Id String id,
        String tokenId,
        String address,
        int rtmpPort,
        int httpPort,
        String region,
        @Nullable Integer maxViewers,
        @Nullable Integer maxIngestKbps,
        @Nullable String version,
        String status,
        boolean drainRequested,
        Instant registeredAt,
        @Nullable Instant lastHeartbeatAt,
        @Nullable Long configVersion,
        int streams,
        int viewers,
        @Nullable Instant revokedAt) {

    static final String HEALTHY = "HEALTHY";
    static final String DRAINING = "DRAINING";
    static final String SILENT = "SILENT";
}
