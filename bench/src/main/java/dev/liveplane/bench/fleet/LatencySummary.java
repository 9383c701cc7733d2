package dev.liveplane.bench.fleet;

import dev.liveplane.bench.LoadReport;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns latency samples (nanoseconds) into count, p50, p99 and max in milliseconds, and how many were within a limit.
 * Samples that never arrived are counted as {@code missing}: they are in no percentile, and not within any limit.
 */
public record LatencySummary(int count, int missing, double p50Millis, double p99Millis, double maxMillis,
        int withinLimit, double limitMillis) {

    public static LatencySummary of(long[] nanos, int missing, long limitNanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int within = 0;
        for (long sample : sorted) {
            if (sample <= limitNanos) {
                within++;
            }
        }
        return new LatencySummary(sorted.length, missing, millis(LoadReport.percentile(sorted, 50)),
                millis(LoadReport.percentile(sorted, 99)), millis(LoadReport.percentile(sorted, 100)), within,
                limitNanos / 1e6);
    }

    /** Samples that arrived plus those that did not. */
    public int expected() {
        return count + missing;
    }

    /** {@code p50_ms=.. p99_ms=.. max_ms=..}: -1 where there were no samples. */
    public String percentiles() {
        return String.format(Locale.ROOT, "p50_ms=%.1f p99_ms=%.1f max_ms=%.1f", p50Millis, p99Millis, maxMillis);
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }
}
