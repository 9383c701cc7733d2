package dev.liveplane.media.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an address's recent authorization failures into how long the answer to its next failure waits: a few
 * failures within a window are free, then the delay doubles per failure up to a cap. Only refusals are ever
 * delayed, so a correctly signed request from the same address (a viewer behind the same NAT as a scanner, or the
 * scanner's own valid URL) is answered at once, and a success forgives nothing: interleaving one valid URL does not
 * reset a guesser's count. Bounded: past {@link #MAX_ADDRESSES} it forgets stale addresses, and if that is not
 * enough, all of them.
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

    /**
     * Counts a failure of {@code address} and returns how long its refusal waits: nothing while the failures
     * before it in the window are at most the free ones.
     */
    public Duration recordFailure(String address) {
        long now = clock.millis();
        if (strikes.size() >= MAX_ADDRESSES) {
            strikes.values().removeIf(s -> expired(s, now));
            if (strikes.size() >= MAX_ADDRESSES) {
                strikes.clear();
            }
        }
        Strikes counted = strikes.compute(address, (key, current) -> current == null || expired(current, now)
                ? new Strikes(1, now)
                : new Strikes(current.failures() + 1, current.windowStartMillis()));
        int excess = counted.failures() - 1 - freeFailures;
        if (excess <= 0) {
            return Duration.ZERO;
        }
        long millis = firstDelay.toMillis() << Math.min(excess - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    /** How many addresses the throttle holds now; at most {@link #MAX_ADDRESSES}. */
    int addresses() {
        return strikes.size();
    }

    private boolean expired(Strikes s, long now) {
        return now - s.windowStartMillis() > window.toMillis();
    }
}
