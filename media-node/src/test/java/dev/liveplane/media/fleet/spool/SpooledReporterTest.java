package dev.liveplane.media.fleet.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reporter over a real spool and a scripted control plane: order, refusals, replays and the budget. */
class SpooledReporterTest {

    @TempDir
    Path dir;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        thread.shutdownNow();
    }

    /** Strings as records; the control plane refuses whole any batch holding "bad" and sets "odd" aside. */
    private static final class Strings implements RecordKind<String> {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final List<String> answered = new CopyOnWriteArrayList<>();
        volatile boolean down;

        @Override
        public byte[] encode(String record) {
            return record.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public CompletableFuture<Answer> send(List<String> batch) {
            if (down) {
                return CompletableFuture.completedFuture(new Answer.Retry("down"));
            }
            if (batch.contains("bad")) {
                return CompletableFuture.completedFuture(new Answer.Refused("HTTP 422"));
            }
            List<String> recorded = new ArrayList<>(batch);
            int odd = batch.indexOf("odd");
            if (odd >= 0) {
                recorded.remove("odd");
            }
            sent.addAll(recorded);
            return CompletableFuture.completedFuture(new Answer.Accepted(odd >= 0 ? Map.of(odd, "odd") : Map.of()));
        }

        @Override
        public void answered(List<String> part, boolean batchDone) {
            answered.addAll(part);
        }
    }

    private SpooledReporter<String> reporter(Strings kind, SpoolSettings settings) {
        BooleanSupplier never = () -> false;
        SpooledReporter<String> reporter = new SpooledReporter<>("test", kind, dir, settings, thread,
                retry(), never, problem -> { });
        try {
            thread.submit(() -> reporter.start(meters)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // The agent flushes every 200 ms; retries after a backoff ride on that.
        thread.scheduleWithFixedDelay(reporter::flush, 20, 20, TimeUnit.MILLISECONDS);
        return reporter;
    }

    @Test
    void aRecordRefusedForGoodIsSetAsideAndTheOthersGoInOrder() throws Exception {
        Strings kind = new Strings();
        SpooledReporter<String> reporter = reporter(kind, SpoolSettings.withBudget(1 << 20));
        for (String record : List.of("a", "b", "bad", "c", "odd", "d")) {
            reporter.enqueue(record);
        }
        await(() -> kind.answered.size() == 6);
        assertThat(kind.sent).containsExactly("a", "b", "c", "d");
        assertThat(kind.answered).containsExactly("a", "b", "bad", "c", "odd", "d");
        assertThat(meters.get("liveplane_fleet_test_rejected").functionCounter().count()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("rejected.jsonl"))).contains("\"record\":\"bad\"")
                .contains("\"record\":\"odd\"");
        assertThat(meters.get("liveplane_fleet_spool_records").gauge().value()).isZero();
    }

    @Test
    void whatWasNotAnsweredIsSentAgainAfterARestartAndOnlyThat() throws Exception {
        Strings first = new Strings();
        SpooledReporter<String> before = reporter(first, SpoolSettings.withBudget(1 << 20));
        before.enqueue("a");
        await(() -> first.answered.size() == 1);
        first.down = true;
        before.enqueue("b");
        before.enqueue("c");
        await(() -> meters.get("liveplane_fleet_spool_records").gauge().value() == 2);
        before.close();

        Strings second = new Strings();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            SpooledReporter<String> after = new SpooledReporter<>("test", second, dir,
                    SpoolSettings.withBudget(1 << 20), other, retry(), () -> false, problem -> { });
            other.execute(() -> after.start(new SimpleMeterRegistry()));
            after.enqueue("d");
            await(() -> second.sent.size() == 3 && second.answered.size() == 1);
            assertThat(second.sent).containsExactly("b", "c", "d");
            // Replayed records belong to the previous process: only this one's are handed back.
            assertThat(second.answered).containsExactly("d");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void pastTheBudgetNewRecordsAreCountedAndAnsweredInTheirPlace() throws Exception {
        Strings kind = new Strings();
        kind.down = true;
        SpooledReporter<String> reporter = reporter(kind, new SpoolSettings(200, 4096, 500, 1 << 20));
        for (int i = 0; i < 20; i++) {
            reporter.enqueue("record-" + i); // 16 + 8 or 9 bytes each: about 8 fit
        }
        await(() -> meters.get("liveplane_fleet_test_dropped").functionCounter().count() > 0);
        double dropped = meters.get("liveplane_fleet_test_dropped").functionCounter().count();
        assertThat(dropped).isBetween(10.0, 14.0);
        assertThat(kind.answered).as("a lost record waits for the records before it").isEmpty();
        kind.down = false;
        await(() -> kind.answered.size() == 20);
        assertThat(kind.sent).hasSize(20 - (int) dropped);
        assertThat(kind.answered).containsExactlyElementsOf(numbered(20));
        assertThat(Set.copyOf(kind.sent)).isSubsetOf(numbered(20));
    }

    private static RetryDelay retry() {
        return new RetryDelay() {
            @Override
            public Duration next() {
                return Duration.ofMillis(20);
            }

            @Override
            public void reset() {
            }
        };
    }

    private static List<String> numbered(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("record-" + i);
        }
        return out;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(10);
        }
    }
}
