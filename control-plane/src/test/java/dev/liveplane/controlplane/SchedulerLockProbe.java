package dev.liveplane.controlplane;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;

/**
 * A once-fleet-wide job that only counts its runs, across every instance in this JVM: it tries every 100 ms on each
 * instance and holds its lock for a second, so N instances sharing a database run it about once a second, not 10 × N
 * times. Only where a test turns it on.
 */
@Singleton
@Requires(property = "liveplane.test.scheduler-lock-probe", value = "true")
class SchedulerLockProbe {

    static final AtomicInteger RUNS = new AtomicInteger();

    @Scheduled(fixedDelay = "100ms", initialDelay = "100ms")
    @SchedulerLock(name = "test-probe", lockAtLeastFor = "${liveplane.test.scheduler-lock-probe-period:1s}",
            lockAtMostFor = "1m")
    void run() {
        RUNS.incrementAndGet();
    }
}
