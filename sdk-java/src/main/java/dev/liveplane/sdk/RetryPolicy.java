package dev.liveplane.sdk;

import dev.liveplane.sdk.exception.ApiConnectionException;
import dev.liveplane.sdk.exception.LiveplaneException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a failed attempt into the pause before the next one, or none: connection failures, 429 and 502-504 are
 * retried with capped, jittered exponential backoff, and calls that must not run twice only when the server cannot
 * have acted on them.
 */
final class RetryPolicy {

    private final int maxRetries;
    private final long baseNanos;
    private final long maxNanos;

    RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base delay <= max delay");
        }
        this.maxRetries = maxRetries;
        this.baseNanos = baseDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
    }

    int maxRetries() {
        return maxRetries;
    }

    /** The pause before retry number {@code retry} (from 1), or empty when the failure is final. */
    Optional<Duration> delayBefore(int retry, LiveplaneException failure, boolean idempotent) {
        if (retry > maxRetries || !retryable(failure, idempotent)) {
            return Optional.empty();
        }
        Duration backoff = backoff(retry);
        Optional<Duration> asked = failure.retryAfter();
        if (asked.isEmpty()) {
            return Optional.of(backoff);
        }
        // A wait longer than the backoff cap is the caller's call to make, with the exception's retryAfter().
        if (asked.get().toNanos() > maxNanos) {
            return Optional.empty();
        }
        return Optional.of(asked.get().compareTo(backoff) > 0 ? asked.get() : backoff);
    }

    private static boolean retryable(LiveplaneException failure, boolean idempotent) {
        if (failure instanceof ApiConnectionException connection) {
            return idempotent || !connection.requestSent();
        }
        return switch (failure.status()) {
            // Refused before any work was done.
            case 429, 503 -> true;
            // A gateway lost the answer: the server may have acted, so only a call that can repeat safely goes again.
            case 502, 504 -> idempotent;
            default -> false;
        };
    }

    /**
     * Equal jitter: the ceiling doubles per retry up to the cap; half of it is always waited, so retries keep
     * spreading out, and the other half is random, so clients that failed together do not retry in step.
     */
    Duration backoff(int retry) {
        long ceiling = baseNanos;
        for (int i = 1; i < retry && ceiling < maxNanos; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
