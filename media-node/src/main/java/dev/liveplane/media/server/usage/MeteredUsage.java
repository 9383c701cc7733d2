package dev.liveplane.media.server.usage;

import java.time.Instant;

/**
 * One usage record as the node reports it: what it metered for {@code key} in the 5-minute bucket starting at
 * {@code bucketStart} since its previous record for the same ones (a delta), and the most viewers at once in that
 * bucket so far. {@code id} is unique per node and kept across replays, so a record sent twice counts once.
 */
public record MeteredUsage(String id, UsageKey key, Instant bucketStart, long bytes, long viewerSeconds,
        int peakViewers) {
}
