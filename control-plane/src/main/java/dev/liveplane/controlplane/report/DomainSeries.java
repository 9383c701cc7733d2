package dev.liveplane.controlplane.report;

import java.time.Instant;
import java.util.List;

/**
 * A domain's usage summed per interval of a {@link ReportWindow}: bytes and viewer-seconds add up, the peaks (the
 * largest 5-minute egress, the most viewers at once) are the largest of the rows that fell into the interval.
 */
final class DomainSeries {

    private final ReportWindow window;
    final long[] egressBytes;
    final long[] relayBytes;
    final long[] ingestBytes;
    final long[] peakEgress5mBytes;
    final long[] viewerSeconds;
    final int[] peakViewers;

    DomainSeries(ReportWindow window) {
        this.window = window;
        int n = window.points();
        egressBytes = new long[n];
        relayBytes = new long[n];
        ingestBytes = new long[n];
        peakEgress5mBytes = new long[n];
        viewerSeconds = new long[n];
        peakViewers = new int[n];
    }

    /** Adds one rollup row, whose bucket starts at {@code bucketStart} inside the window. */
    void add(Instant bucketStart, long egress, long relay, long ingest, long peak5m, long seconds, int viewers) {
        int i = window.indexOf(bucketStart);
        egressBytes[i] += egress;
        relayBytes[i] += relay;
        ingestBytes[i] += ingest;
        peakEgress5mBytes[i] = Math.max(peakEgress5mBytes[i], peak5m);
        viewerSeconds[i] += seconds;
        peakViewers[i] = Math.max(peakViewers[i], viewers);
    }

    ReportWindow window() {
        return window;
    }

    List<Instant> boundaries() {
        return window.boundaries();
    }

    int points() {
        return window.points();
    }

    /** Bit/s of a 5-minute bucket of {@code bytes}, rounded to the nearest bit/s (halves up). */
    static long bitsPerSecond(long bytes) {
        return (bytes * 8 + 150) / 300;
    }
}
