package dev.liveplane.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PropagationTrackerTest {

    private static final long MS = 1_000_000L;
    private static final long LIMIT = 2_000 * MS;

    @Test
    void latencyRunsFromTheChangesResponseToEachNodesFirstNewerSnapshot() {
        PropagationTracker tracker = settledAt(3, 7);

        tracker.open(7);
        tracker.received(0, 8, 900 * MS);      // before the response was complete: counts as 0
        tracker.responded(1_000 * MS);
        tracker.received(1, 8, 1_050 * MS);
        tracker.received(1, 9, 1_060 * MS);    // a later version: the first one counted
        tracker.received(2, 7, 1_070 * MS);    // not newer than the baseline
        tracker.received(2, 8, 3_500 * MS);
        assertThat(tracker.arrivals()).isEqualTo(3);
        tracker.close();

        LatencySummary summary = tracker.summary(LIMIT);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.missing()).isZero();
        assertThat(summary.withinLimit()).isEqualTo(2);
        assertThat(summary.p50Millis()).isEqualTo(50.0);
        assertThat(summary.maxMillis()).isEqualTo(2_500.0);
        assertThat(tracker.changes()).isEqualTo(1);
    }

    @Test
    void nodesThatNeverSawAChangeAreMissingNotFast() {
        PropagationTracker tracker = settledAt(2, 3);

        tracker.open(3);
        tracker.responded(0);
        tracker.received(0, 4, 10 * MS);
        tracker.close();

        LatencySummary summary = tracker.summary(LIMIT);
        assertThat(summary.count()).isEqualTo(1);
        assertThat(summary.missing()).isEqualTo(1);
        assertThat(summary.expected()).isEqualTo(2);
        assertThat(summary.withinLimit()).isEqualTo(1);
    }

    @Test
    void aChangeWhoseRequestFailedIsLeftOut() {
        PropagationTracker tracker = settledAt(2, 3);

        tracker.open(3);
        tracker.close();

        assertThat(tracker.changes()).isZero();
        assertThat(tracker.summary(LIMIT).expected()).isZero();
    }

    @Test
    void settledWhenEveryNodeHoldsTheSameVersion() {
        PropagationTracker tracker = new PropagationTracker(2);
        assertThat(tracker.settled()).isFalse();

        tracker.received(0, 5, 0);
        assertThat(tracker.settled()).isFalse();
        assertThat(tracker.nodesWithConfig()).isEqualTo(1);

        tracker.received(1, 5, 0);
        assertThat(tracker.settled()).isTrue();
        tracker.received(1, 6, 0);
        assertThat(tracker.settled()).isFalse();
        assertThat(tracker.newestVersion()).isEqualTo(6);
    }

    @Test
    void resetStartsTheNextPhaseEmpty() {
        PropagationTracker tracker = settledAt(1, 1);
        tracker.open(1);
        tracker.responded(0);
        tracker.received(0, 2, MS);
        tracker.close();

        tracker.reset();

        assertThat(tracker.changes()).isZero();
        assertThat(tracker.summary(LIMIT).count()).isZero();
        assertThat(tracker.version(0)).isEqualTo(2);
    }

    @Test
    void summaryOfNothingIsMinusOne() {
        LatencySummary summary = LatencySummary.of(new long[0], 0, LIMIT);

        assertThat(summary.percentiles()).isEqualTo("p50_ms=-1.0 p99_ms=-1.0 max_ms=-1.0");
    }

    @Test
    void percentilesAreNearestRankOverSamples() {
        long[] samples = new long[100];
        for (int i = 0; i < 100; i++) {
            samples[i] = (100 - i) * MS;
        }

        LatencySummary summary = LatencySummary.of(samples, 0, 50 * MS);

        assertThat(summary.p50Millis()).isEqualTo(50.0);
        assertThat(summary.p99Millis()).isEqualTo(99.0);
        assertThat(summary.maxMillis()).isEqualTo(100.0);
        assertThat(summary.withinLimit()).isEqualTo(50);
    }

    private static PropagationTracker settledAt(int nodes, long version) {
        PropagationTracker tracker = new PropagationTracker(nodes);
        for (int i = 0; i < nodes; i++) {
            tracker.received(i, version, 0);
        }
        return tracker;
    }
}
