package dev.liveplane.controlplane.web;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * Counts events per key (an email, a client address) in fixed windows and refuses a key that reached its limit
 * until its window ends, answering 429 with {@code Retry-After}. In memory and bounded: past {@code maxKeys} the
 * least recently seen key is forgotten, so a flood of distinct keys cannot exhaust the heap.
 */
public final class RateLimiter {

    private final String what;
    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, Window> windows;

    public RateLimiter(String what, int limit, Duration window, int maxKeys, Clock clock) {
        this.what = what;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Entry<String, Window> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Counts one event for {@code key}, refusing it (429) when the key is already at its limit. */
    public void acquire(String key) {
        synchronized (windows) {
            refuseIfExhausted(key);
            current(key).count++;
        }
    }

    /** Counts one event for {@code key} without refusing: failures are recorded after the fact. */
    public void record(String key) {
        synchronized (windows) {
            current(key).count++;
        }
    }

    /** Whether {@code key} reached its limit in the current window. */
    public boolean isExhausted(String key) {
        synchronized (windows) {
            return current(key).count >= limit;
        }
    }

    /** Whether anything was counted for {@code key} in the current window. */
    public boolean hasAny(String key) {
        synchronized (windows) {
            Window window = windows.get(key);
            return window != null && clock.millis() - window.start < windowMillis && window.count > 0;
        }
    }

    /** Refuses (429) when {@code key} reached its limit in the current window. */
    public void refuseIfExhausted(String key) {
        synchronized (windows) {
            Window window = current(key);
            if (window.count >= limit) {
                long retryAfterMillis = window.start + windowMillis - clock.millis();
                long seconds = Math.max(1, (retryAfterMillis + 999) / 1000);
                throw new ProblemException(ProblemType.RATE_LIMITED,
                        "Too many " + what + "; try again in " + seconds + " s",
                        List.of(), Map.of("Retry-After", Long.toString(seconds)));
            }
        }
    }

    private Window current(String key) {
        long now = clock.millis();
        Window window = windows.get(key);
        if (window == null || now - window.start >= windowMillis) {
            window = new Window(now);
            windows.put(key, window);
        }
        return window;
    }

    /** One key's count in the window that started at {@code start}. */
    private static final class Window {
        private final long start;
        private int count;

        Window(long start) {
            this.start = start;
        }
    }
}
