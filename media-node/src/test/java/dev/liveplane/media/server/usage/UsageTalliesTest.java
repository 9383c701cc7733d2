package dev.liveplane.media.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tallies turn hand-ins into per-bucket deltas: split at 5-minute boundaries, whole seconds, each byte once. */
class UsageTalliesTest {

    private static final UsageKey KEY = new UsageKey("t1", "d1", "play.example.com", "live", "cam", Metered.RTMP);
    private static final long BUCKET = 1_764_000_000_000L; // a multiple of 300 s

    private final UsageTallies tallies = new UsageTallies();

    @Test
    void viewingThatCrossesABucketBoundaryIsSplitAtIt() {
        tallies.viewing(KEY, BUCKET + 299_000, BUCKET + 302_500, 1, 1);
        List<UsageTallies.Delta> deltas = tallies.take(BUCKET + 303_000);
        assertThat(deltas).extracting(UsageTallies.Delta::bucketStart, UsageTallies.Delta::viewerSeconds)
                .containsExactlyInAnyOrder(tuple(BUCKET, 1L),
                        tuple(BUCKET + 300_000, 2L));
        // The half second left in the open bucket goes out once it adds up to a whole one.
        tallies.viewing(KEY, BUCKET + 302_500, BUCKET + 303_000, 1, 1);
        assertThat(tallies.take(BUCKET + 304_000)).singleElement()
                .extracting(UsageTallies.Delta::viewerSeconds).isEqualTo(1L);
    }

    @Test
    void bytesAreTakenOnceAndAnUnchangedTallyMakesNoRecord() {
        tallies.add(KEY, BUCKET, 1_000, 0, 3);
        tallies.add(KEY, BUCKET, 500, 0, 2);
        assertThat(tallies.take(BUCKET + 10_000)).singleElement()
                .satisfies(d -> {
                    assertThat(d.bytes()).isEqualTo(1_500);
                    assertThat(d.peakViewers()).isEqualTo(3);
                });
        assertThat(tallies.take(BUCKET + 20_000)).isEmpty();
        tallies.add(KEY, BUCKET, 0, 0, 4);
        assertThat(tallies.take(BUCKET + 30_000)).singleElement()
                .extracting(UsageTallies.Delta::peakViewers).isEqualTo(4);
    }

    @Test
    void aLateHandInToAClosedBucketStillCounts() {
        tallies.add(KEY, BUCKET, 100, 0, 0);
        assertThat(tallies.take(BUCKET + 900_000)).hasSize(1); // the bucket is closed and dropped
        tallies.add(KEY, BUCKET, 50, 0, 0); // a loop that was late
        assertThat(tallies.take(BUCKET + 910_000)).singleElement()
                .extracting(UsageTallies.Delta::bytes).isEqualTo(50L);
    }
}
