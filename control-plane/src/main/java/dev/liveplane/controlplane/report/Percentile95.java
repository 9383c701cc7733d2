package dev.liveplane.controlplane.report;

import java.time.Instant;
import java.util.Arrays;

/**
 * A month's 95th-percentile bandwidth, the burstable-billing measure: every 5-minute bucket is a sample (one with no
 * traffic is 0), the top 5 % ({@code floor(samples / 20)}) are dropped and the highest left is the figure.
 */
record Percentile95(Instant start, Instant end, int samples, int droppedSamples, long p95Bps, long peakBps,
        boolean complete) {

    /**
     * The figure over {@code samples} buckets, of which those in {@code bucketBytes} carried traffic (the others
     * count as 0).
     */
    static Percentile95 of(Instant start, Instant end, int samples, long[] bucketBytes, boolean complete) {
        long[] sorted = bucketBytes.clone();
        Arrays.sort(sorted);
        int dropped = samples / 20;
        // Descending rank `dropped` (0-based) among `samples` values, the zeros of empty buckets last.
        int fromTop = sorted.length - 1 - dropped;
        long p95 = fromTop >= 0 ? sorted[fromTop] : 0;
        long peak = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        return new Percentile95(start, end, samples, dropped, DomainSeries.bitsPerSecond(p95),
                DomainSeries.bitsPerSecond(peak), complete);
    }
}
