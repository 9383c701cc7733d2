package dev.liveplane.controlplane.charging;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells operators how much billable traffic waits to be charged, every {@code liveplane.charging.backlog-log-interval}
 * (1 min) while any does: rows, tenants, the oldest row's age and what this instance charged meanwhile. A warning
 * when the oldest row is older than the interval: charging is not keeping up, or no instance runs it.
 */
@Singleton
final class BacklogLog {

    private static final Logger LOG = LoggerFactory.getLogger(BacklogLog.class);

    private final TransactionOperations<Connection> transactions;
    private final Charger charger;
    private final Duration interval;

    BacklogLog(TransactionOperations<Connection> transactions, Charger charger, ChargingConfiguration config) {
        this.transactions = transactions;
        this.charger = charger;
        this.interval = config.backlogLogInterval();
    }

    @Scheduled(fixedDelay = "${liveplane.charging.backlog-log-interval:1m}",
            initialDelay = "${liveplane.charging.backlog-log-interval:1m}")
    void log() {
        BillableRows.Backlog backlog;
        try {
            backlog = transactions.executeRead(status -> BillableRows.backlog(status.getConnection()));
        } catch (RuntimeException e) {
            LOG.warn("charging backlog unknown error={}", e.toString());
            return;
        }
        long charged = charger.takeRowsCharged();
        if (backlog.rows() == 0) {
            if (charged > 0) {
                LOG.info("charging backlog rows=0 chargedRows={}", charged);
            }
            return;
        }
        long ageSeconds = Math.max(0, Duration.between(backlog.oldest(), Instant.now()).toSeconds());
        if (ageSeconds > interval.toSeconds()) {
            LOG.warn("charging backlog behind rows={} tenants={} oldestAgeSeconds={} chargedRows={}", backlog.rows(),
                    backlog.tenants(), ageSeconds, charged);
        } else {
            LOG.info("charging backlog rows={} tenants={} oldestAgeSeconds={} chargedRows={}", backlog.rows(),
                    backlog.tenants(), ageSeconds, charged);
        }
    }
}
