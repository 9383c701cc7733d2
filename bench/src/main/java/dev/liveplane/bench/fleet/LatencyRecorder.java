package dev.liveplane.bench.fleet;

import java.util.Arrays;

/** Collects latency samples (nanoseconds) from any thread into one growing array. */
final class LatencyRecorder {

    private long[] samples;
    private int size;

    LatencyRecorder(int expected) {
        samples = new long[Math.max(16, expected)];
    }

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized LatencySummary summary(long limitNanos) {
        return LatencySummary.of(Arrays.copyOf(samples, size), 0, limitNanos);
    }
}
