package dev.liveplane.controlplane.charging;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link Charger} every {@code liveplane.charging.period} (1 s) on every instance that has
 * {@code liveplane.charging.enabled} (the default); instances split the work through the database.
 */
@Singleton
@Requires(property = "liveplane.charging.enabled", notEquals = "false")
class ChargingSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(ChargingSchedule.class);

    private final Charger charger;

    ChargingSchedule(Charger charger) {
        this.charger = charger;
    }

    @Scheduled(fixedDelay = "${liveplane.charging.period:1s}", initialDelay = "${liveplane.charging.period:1s}")
    @SchedulerLock(name = "traffic-charging", lockAtLeastFor = "${liveplane.charging.period:1s}",
            lockAtMostFor = "${liveplane.charging.period:1s}")
    void run() {
        try {
            charger.chargeWaiting();
        } catch (RuntimeException e) {
            // The journal could not be read (database away): the next run tries again, nothing was charged.
            LOG.warn("traffic charging skipped a run error={}", e.toString());
        }
    }
}
