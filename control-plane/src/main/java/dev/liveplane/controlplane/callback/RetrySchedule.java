package dev.liveplane.controlplane.callback;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after 1, 3, 6, 12, 30, 90 and 180 times the base delay (10 s by default:
 * 10 s, 30 s, 1 min, 2 min, 5 min, 15 min, 30 min, so 8 attempts span about an hour), each with up to 20% jitter
 * either way so that deliveries failed together by one outage do not all come back at the same instant.
 */
final class RetrySchedule {

    private static final int[] MULTIPLIERS = {1, 3, 6, 12, 30, 90, 180};
    private static final double JITTER = 0.2;

    private final Duration base;

    RetrySchedule(Duration base) {
        this.base = base;
    }

    /** The delay after the {@code attempts}-th failed attempt (1 for the first). */
    Duration after(int attempts) {
        int multiplier = MULTIPLIERS[Math.min(Math.max(attempts, 1), MULTIPLIERS.length) - 1];
        double jitter = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        return Duration.ofMillis(Math.round(base.toMillis() * multiplier * jitter));
    }
}
