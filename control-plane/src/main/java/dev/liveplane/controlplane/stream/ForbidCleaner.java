package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes forbids that can no longer apply: expired ones, and those of domains deleted since. Removing an expired
 * forbid does not bump the config version: the snapshot leaves out forbids past their {@code until} and nodes
 * honour {@code until} by themselves, so nothing a node enforces changes. Removing a deleted domain's forbid does
 * bump it, because the snapshot would otherwise keep listing it.
 */
@Singleton
class ForbidCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(ForbidCleaner.class);

    private final ForbiddenStreamRepository forbids;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    ForbidCleaner(ForbiddenStreamRepository forbids, ConfigVersion configVersion,
            TransactionOperations<Connection> transactions) {
        this.forbids = forbids;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelay = "${liveplane.streams.forbid-cleanup-interval:10m}", initialDelay = "1m")
    @SchedulerLock(name = "forbid-cleanup",
            lockAtLeastFor = "${liveplane.streams.forbid-cleanup-interval:10m}",
            lockAtMostFor = "${liveplane.streams.forbid-cleanup-interval:10m}")
    void clean() {
        int expired = forbids.deleteExpired(Times.now());
        int orphaned = transactions.executeWrite(status ->
            configVersion.bumpIfChanged(forbids.deleteOrphans()));
        if (expired + orphaned > 0) {
            LOG.info("forbids removed expired={} ofDeletedDomains={}", expired, orphaned);
        }
    }
}
