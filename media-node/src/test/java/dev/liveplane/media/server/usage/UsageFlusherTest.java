package dev.liveplane.media.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The flusher ticks at wall-clock multiples of its interval and at every 5-minute boundary, never across one. */
class UsageFlusherTest {

    private static final long BUCKET = 1_764_000_000_000L; // a multiple of 300 s

    @Test
    void ticksAtMultiplesOfTheIntervalAndAtEveryBucketBoundary() {
        try (UsageFlusher every5 = flusher(Duration.ofSeconds(5));
                UsageFlusher every7 = flusher(Duration.ofSeconds(7));
                UsageFlusher every300 = flusher(Duration.ofSeconds(300))) {
            assertThat(every5.nextTick(BUCKET + 1)).isEqualTo(BUCKET + 5_000);
            assertThat(every5.nextTick(BUCKET + 5_000)).isEqualTo(BUCKET + 10_000);
            // 7 s does not divide 300 s: the tick before the boundary is cut short by it.
            long last7 = Math.floorDiv(BUCKET + 299_999, 7_000) * 7_000;
            assertThat(every7.nextTick(last7)).isEqualTo(BUCKET + 300_000);
            assertThat(every300.nextTick(BUCKET + 123_456)).isEqualTo(BUCKET + 300_000);
        }
    }

    @Test
    void recordIdsCarryTheProcessAndASequence() {
        UsageMeter meter = new UsageMeter(UsageDomains.NONE, 2_000, Clock.systemUTC());
        List<List<MeteredUsage>> reported = new CopyOnWriteArrayList<>();
        UsageKey key = new UsageKey("t1", "d1", "push.example.com", "live", "cam", Metered.INGEST);
        try (UsageFlusher flusher = new UsageFlusher(meter, reported::add, Duration.ofSeconds(5),
                Clock.systemUTC())) {
            meter.bytes(key, System.currentTimeMillis(), 1_000, null);
            flusher.flushNow();
            meter.bytes(key, System.currentTimeMillis(), 500, null);
            flusher.flushNow();
            assertThat(reported).hasSize(2);
            assertThat(reported.get(0).get(0).id()).isEqualTo("u-" + flusher.bootId() + "-1");
            assertThat(reported.get(1).get(0).id()).isEqualTo("u-" + flusher.bootId() + "-2");
            assertThat(reported.get(1).get(0).bytes()).isEqualTo(500);
            assertThat(flusher.bootId()).matches("[0-9a-f]{16}");
        }
    }

    private static UsageFlusher flusher(Duration interval) {
        return new UsageFlusher(new UsageMeter(UsageDomains.NONE, 2_000, Clock.systemUTC()), records -> { },
                interval, Clock.systemUTC());
    }
}
