package dev.liveplane.controlplane.usage;

import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets usage older than its granularity's retention ({@code liveplane.usage.retention.*}): raw records and the
 * per-node rows after {@code raw}, 5-minute rollups after {@code five-minutes}, hourly after {@code hourly}, daily
 * after {@code daily}. Deletes in chunks, each its own short transaction under the {@code pruner} job row, so a
 * large backlog never holds locks the intake waits on for long.
 */
@Singleton
class UsagePruner {

    private static final Logger LOG = LoggerFactory.getLogger(UsagePruner.class);
    private static final int CHUNK = 5000;

    private final TransactionOperations<Connection> transactions;
    private final Map<String, Duration> retention = new LinkedHashMap<>();

    UsagePruner(TransactionOperations<Connection> transactions, UsageSettings settings) {
        this.transactions = transactions;
        retention.put("usage_records", settings.rawRetention);
        retention.put("usage_node_5m", settings.rawRetention);
        retention.put("usage_stream_5m", settings.fiveMinuteRetention);
        retention.put("usage_domain_5m", settings.fiveMinuteRetention);
        retention.put("usage_stream_1h", settings.hourlyRetention);
        retention.put("usage_domain_1h", settings.hourlyRetention);
        retention.put("usage_stream_1d", settings.dailyRetention);
        retention.put("usage_domain_1d", settings.dailyRetention);
    }

    @Scheduled(fixedDelay = "${liveplane.usage.prune-interval:10m}", initialDelay = "1m")
    @SchedulerLock(name = "usage-prune",
            lockAtLeastFor = "${liveplane.usage.prune-interval:10m}",
            lockAtMostFor = "${liveplane.usage.prune-interval:10m}")
    void scheduled() {
        try {
            prune(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("usage prune failed error={}", e.toString());
        }
    }

    /** Deletes every row older than its retention at {@code now}; answers how many per table. */
    Map<String, Integer> prune(Instant now) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        retention.forEach((table, kept) -> {
            Instant cut = now.minus(kept);
            int total = 0;
            int chunk;
            do {
                chunk = transactions.executeWrite(status -> {
                    UsageJobs.lock(status.getConnection(), "pruner");
                    return deleteChunk(status.getConnection(), table, cut);
                });
                total += chunk;
            } while (chunk == CHUNK);
            deleted.put(table, total);
        });
        if (deleted.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("usage pruned {}", deleted);
        }
        return deleted;
    }

    private static int deleteChunk(Connection connection, String table, Instant cut) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                + " WHERE bucket_start < ? LIMIT " + CHUNK)) {
            delete.setObject(1, UsageSql.utc(cut));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune " + table, e);
        }
    }
}
