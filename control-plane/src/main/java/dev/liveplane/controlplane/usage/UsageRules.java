package dev.liveplane.controlplane.usage;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * What a usage record that fits the spec must also be to be counted: its bucket on a 5-minute boundary, not in the
 * future (beyond clock skew), and young enough that its raw row is still kept (an older record could be a replay of
 * one already pruned, which would count twice).
 */
@Singleton
final class UsageRules {

    static final long BUCKET_SECONDS = 300;
    /** How far ahead of this clock a node's clock may run. */
    private static final Duration SKEW = Duration.ofMinutes(10);
    /** Kept between the oldest bucket taken and the pruner's cut, so no replay slips between them. */
    private static final Duration MARGIN = Duration.ofHours(1);

    private final Duration acceptance;

    UsageRules(UsageSettings settings) {
        this.acceptance = settings.rawRetention.minus(MARGIN);
    }

    /** Why the record cannot be counted, or null when it can. */
    String problem(MeteredUsage record) {
        Instant bucket = record.bucketStart();
        if (bucket.getEpochSecond() % BUCKET_SECONDS != 0 || bucket.getNano() != 0) {
            return "bucketStart: must be a multiple of 300 s since the epoch (the start of a 5-minute bucket)";
        }
        Instant now = Instant.now();
        if (bucket.isAfter(now.plus(SKEW))) {
            return "bucketStart: must not be in the future (the node's clock is ahead?)";
        }
        if (bucket.isBefore(now.minus(acceptance))) {
            return "bucketStart: older than the usage kept for replays (" + acceptance.toHours() + " h); not counted";
        }
        return null;
    }
}
