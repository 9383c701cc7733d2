package dev.liveplane.media.fleet;

import dev.liveplane.media.fleet.spool.RetryDelay;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the n-th
 * consecutive failure waits a random time up to {@code min(cap, base * 2^n)}, never less than half of it, so a fleet
 * that lost its control plane does not come back in step. Not thread-safe: one per loop, on the agent's thread.
 */
final class Backoff implements RetryDelay {

    private final Duration base;
    private final Duration cap;
    private int failures;

    Backoff(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** Counts a failure and says how long to wait before the next attempt. */
    @Override
    public Duration next() {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(failures, 20));
        failures++;
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    @Override
    public void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
