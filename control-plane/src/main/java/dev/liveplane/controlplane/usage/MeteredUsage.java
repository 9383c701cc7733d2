package dev.liveplane.controlplane.usage;

import java.time.Instant;

/**
 * One usage record of a node's report, read and checked against the spec: what the node metered for one stream,
 * protocol and 5-minute bucket since its previous record for them, and where it was in the batch. {@code domainId} is
 * the registration the node served (empty from a node whose snapshot predates domain ids).
 */
public record MeteredUsage(int index, String recordId, String tenantId, String domainId, String domain, String app,
        String stream, UsageKind protocol, Instant bucketStart, long bytes, long viewerSeconds, int peakViewers) {
}
