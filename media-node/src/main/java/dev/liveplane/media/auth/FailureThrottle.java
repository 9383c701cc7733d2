package dev.liveplane.media.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down addresses that keep failing authorization: after a few free failures within a window, every further
 * decision for that address waits, twice as long per failure up to a cap. A success forgives the address. Bounded:
 * past {@link #MAX_ADDRESSES} it forgets stale addresses, and if that is not enough, all of them.
 */
public final class FailureThrottle {

    static final int MAX_ADDRESSES = 100_000;

    private final int freeFailures;
    private final Duration window;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Map<String, Strikes> strikes = new ConcurrentHashMap<>();

    private record Strikes(int failures, long windowStartMillis) {
    }

    public FailureThrottle(int freeFailures, Duration window, Duration firstDelay, Duration maxDelay, Clock clock) {
        this.freeFailures = freeFailures;
        this.window = window;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** Five free failures a minute, then 250 ms doubling up to 8 s. */
    public static FailureThrottle defaults() {
        return new FailureThrottle(5, Duration.ofMinutes(1), Duration.ofMillis(250), Duration.ofSeconds(8),
                Clock.systemUTC());
    }

    /** How long to hold the next decision for this address. */
    public Duration delayFor(String address) {
        Strikes current = strikes.get(address);
        if (current == null || expired(current, clock.millis())) {
            return Duration.ZERO;
        }
        int excess = current.failures() - freeFailures;
        if (excess <= 0) {
            return Duration.ZERO;
        }
        long millis = firstDelay.toMillis() << Math.min(excess - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    public void recordFailure(String address) {
        long now = clock.millis();
        if (strikes.size() >= MAX_ADDRESSES) {
            strikes.values().removeIf(s -> expired(s, now));
            if (strikes.size() >= MAX_ADDRESSES) {
                strikes.clear();
            }
        }
        strikes.compute(address, (key, current) -> current == null || expired(current, now)
                ? new Strikes(1, now)
                : new Strikes(current.failures() + 1, current.windowStartMillis()));
    }

    public void recordSuccess(String address) {
        strikes.remove(address);
    }

    private boolean expired(Strikes s, long now) {
        return now - s.windowStartMillis() > window.toMillis();
    }
}
