package dev.liveplane.controlplane.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongConsumer;

/**
 * Turns a flood of one kind of log line into a few lines a minute, each carrying how many were left out since the
 * last one (a token bucket per key). For lines a client can cause again and again, such as the stack trace of a
 * request that fails the same way on every retry. Any thread.
 */
public final class LogLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    // Keys name code locations, so they are few; the cap only guards against a key that turns out not to be.
    private static final int MAX_KEYS = 1024;

    private final int perMinute;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private LogLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** A limiter that lets {@code perMinute} lines of each key through per minute (bursts of as many). */
    public static LogLimiter perMinute(int perMinute) {
        return new LogLimiter(perMinute);
    }

    /** Runs {@code line} with the count of lines of this key left out since the last one, unless over the limit. */
    public void log(String key, LongConsumer line) {
        if (buckets.size() > MAX_KEYS) {
            buckets.clear();
        }
        long suppressed = buckets.computeIfAbsent(key, k -> new Bucket(perMinute)).take(System.nanoTime());
        if (suppressed >= 0) {
            line.accept(suppressed);
        }
    }

    private static final class Bucket {
        private final int capacity;
        private double tokens;
        private long refilledAt;
        private long suppressed;

        Bucket(int capacity) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.refilledAt = System.nanoTime();
        }

        /** The count left out before this line if it may be logged, or -1 if it is left out too. */
        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (double) (now - refilledAt) * capacity / MINUTE_NANOS);
            refilledAt = now;
            if (tokens < 1) {
                suppressed++;
                return -1;
            }
            tokens--;
            long before = suppressed;
            suppressed = 0;
            return before;
        }
    }
}
