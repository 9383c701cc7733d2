package dev.liveplane.media.server;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongConsumer;
import org.slf4j.Logger;

/**
 * Turns a flood of one kind of log line into a few lines a minute, each carrying how many were left out since the
 * last one (a token bucket per key). Meant for lines that an outsider can cause at will, one per bad connection; the
 * keys are the code's own event names, so the map stays small. Any thread.
 */
public final class LogLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;

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
        long suppressed = buckets.computeIfAbsent(key, k -> new Bucket(perMinute)).take(System.nanoTime());
        if (suppressed >= 0) {
            line.accept(suppressed);
        }
    }

    /**
     * Logs {@code format} at WARN with {@code suppressed={}} appended, keyed by the format itself, unless over the
     * limit.
     */
    public void warn(Logger log, String format, Object... args) {
        log(format, suppressed -> {
            Object[] withCount = Arrays.copyOf(args, args.length + 1);
            withCount[args.length] = suppressed;
            log.warn(format + " suppressed={}", withCount);
        });
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
