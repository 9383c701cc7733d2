package dev.liveplane.media.server.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the meter's parts hand in (bytes, viewing time, viewers at once) into one tally per key and 5-minute
 * bucket, and the tallies into deltas when the flusher takes them. Hand-ins come a few times per connection per
 * flush, never per frame; each tally has its own small lock and nothing else waits on it.
 */
final class UsageTallies {

    static final long BUCKET_MILLIS = 300_000;

    /** What one flush takes from one tally: the spec's UsageRecord without its id. */
    record Delta(UsageKey key, long bucketStart, long bytes, long viewerSeconds, int peakViewers) {
    }

    private record Slot(UsageKey key, long bucketStart) {
    }

    private static final class Tally {
        long bytes;
        long viewerMillis;
        int peak;
        int reportedPeak;
        boolean retired;
    }

    private final Map<Slot, Tally> tallies = new ConcurrentHashMap<>();

    static long bucketOf(long millis) {
        return Math.floorDiv(millis, BUCKET_MILLIS) * BUCKET_MILLIS;
    }

    /** Adds to the tally of {@code key} in the bucket starting at {@code bucketStart}; raises its peak. */
    void add(UsageKey key, long bucketStart, long bytes, long viewerMillis, int viewersNow) {
        Slot slot = new Slot(key, bucketStart);
        while (true) {
            Tally tally = tallies.computeIfAbsent(slot, s -> new Tally());
            synchronized (tally) {
                if (tally.retired) {
                    continue; // taken for the last time just now: a fresh tally carries this on
                }
                tally.bytes += bytes;
                tally.viewerMillis += viewerMillis;
                tally.peak = Math.max(tally.peak, viewersNow);
                return;
            }
        }
    }

    /** Adds {@code viewers}' viewing from {@code fromMillis} to {@code toMillis}, split at bucket boundaries. */
    void viewing(UsageKey key, long fromMillis, long toMillis, int viewers, int viewersNow) {
        long from = fromMillis;
        while (from < toMillis) {
            long bucket = bucketOf(from);
            long to = Math.min(toMillis, bucket + BUCKET_MILLIS);
            add(key, bucket, 0, (to - from) * viewers, viewersNow);
            from = to;
        }
    }

    /**
     * Takes what every tally gathered since the last take. Viewing time goes out in whole seconds, the rest waiting
     * for the next take, except in a bucket that ended before the previous one: nothing adds to it any more (hand-ins
     * are for the current or the previous bucket), so it goes out rounded and the tally is dropped.
     */
    List<Delta> take(long nowMillis) {
        long oldestOpen = bucketOf(nowMillis) - BUCKET_MILLIS;
        List<Delta> deltas = new ArrayList<>();
        tallies.forEach((slot, tally) -> {
            synchronized (tally) {
                boolean closed = slot.bucketStart() < oldestOpen;
                long seconds = closed ? Math.round(tally.viewerMillis / 1000.0) : tally.viewerMillis / 1000;
                if (tally.bytes > 0 || seconds > 0 || tally.peak > tally.reportedPeak) {
                    deltas.add(new Delta(slot.key(), slot.bucketStart(), tally.bytes, seconds, tally.peak));
                }
                tally.bytes = 0;
                tally.viewerMillis = Math.max(0, tally.viewerMillis - seconds * 1000);
                tally.reportedPeak = tally.peak;
                if (closed) {
                    tally.retired = true;
                    tallies.remove(slot, tally);
                }
            }
        });
        return deltas;
    }
}
