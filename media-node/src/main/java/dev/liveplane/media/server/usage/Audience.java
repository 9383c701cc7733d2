package dev.liveplane.media.server.usage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the viewers of each key watching now, for the peak of each bucket. Joins and leaves come once per session,
 * never per frame.
 */
final class Audience {

    /** The viewers of one key now; read by anyone, changed only through {@link Audience}. */
    static final class Count {
        volatile int now;
    }

    private final Map<UsageKey, Count> counts = new ConcurrentHashMap<>();

    /** One more viewer of {@code key}; the count to hold it by. */
    Count join(UsageKey key) {
        return counts.compute(key, (k, count) -> {
            Count joined = count == null ? new Count() : count;
            joined.now++;
            return joined;
        });
    }

    /** One viewer of {@code key} fewer; the key's count goes when nobody watches. */
    void leave(UsageKey key) {
        counts.computeIfPresent(key, (k, count) -> {
            count.now--;
            return count.now <= 0 ? null : count;
        });
    }
}
