package dev.liveplane.controlplane.callback;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets finished deliveries (delivered or failed) once they are older than the retention period
 * ({@code liveplane.callbacks.retention}, 30 days), so the log every publish adds to does not grow forever.
 */
@Singleton
class DeliveryRetention {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRetention.class);

    private final DeliveryRepository deliveries;
    private final Duration retention;

    DeliveryRetention(DeliveryRepository deliveries,
            @Value("${liveplane.callbacks.retention:30d}") Duration retention) {
        this.deliveries = deliveries;
        this.retention = retention;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    @SchedulerLock(name = "webhook-delivery-retention", lockAtLeastFor = "1h", lockAtMostFor = "1h")
    void scheduledForgetOld() {
        forgetOld();
    }

    void forgetOld() {
        int removed = deliveries.deleteFinishedBefore(Instant.now().minus(retention));
        if (removed > 0) {
            LOG.info("old webhook deliveries removed count={}", removed);
        }
    }
}
