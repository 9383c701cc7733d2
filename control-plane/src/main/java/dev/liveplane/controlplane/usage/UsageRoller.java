package dev.liveplane.controlplane.usage;

import dev.liveplane.controlplane.JdbcBatches;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the stream and domain rollups (5 minutes, 1 hour, 1 day) of the (tenant, domain, 5-minute bucket)s the
 * intake marked, from the per-node rows: every second, on one instance at a time (the {@code roller} job row).
 *
 * <p>Rebuilt, not incremented: a rollup row is a pure function of the rows below it, so a roll that fails and runs
 * again, or two marks for one bucket, cannot count anything twice. A mark commits with its records; the roll reads the
 * committed marks first and the per-node rows after them, READ COMMITTED, so it sees every record of the marks it
 * deletes (by id). A mark not yet committed when the roll read them stays for the next round.
 */
@Singleton
final class UsageRoller {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRoller.class);
    /** Marks per transaction: several seconds of marks for thousands of active domains. */
    static final int MARKS_PER_ROLL = 2000;
    private static final String EGRESS = "protocol IN ('rtmp', 'http_flv', 'hls')";
    private static final String STREAM_COLUMNS = " (tenant_id, domain, bucket_start, app, stream, protocol, bytes,"
            + " viewer_seconds, peak_viewers) ";
    private static final String DOMAIN_COLUMNS = " (tenant_id, domain, bucket_start, egress_bytes, relay_bytes,"
            + " ingest_bytes, peak_egress_5m_bytes, viewer_seconds, peak_viewers) ";

    private final TransactionOperations<Connection> transactions;
    private final DefaultTransactionDefinition readCommitted = new DefaultTransactionDefinition();

    UsageRoller(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
        readCommitted.setIsolationLevel(TransactionDefinition.Isolation.READ_COMMITTED);
    }

    /** A marked (tenant, domain, 5-minute bucket). */
    record Mark(String tenantId, String domain, Instant bucketStart) {
    }

    /** The marks read, by id, and the distinct buckets they name. */
    private record Marks(List<Long> ids, List<Mark> buckets) {
    }

    @Scheduled(fixedDelay = "${liveplane.usage.roll-interval:1s}", initialDelay = "${liveplane.usage.roll-interval:1s}")
    void scheduled() {
        try {
            rollAll();
        } catch (RuntimeException e) {
            // The marks stay; the next round rebuilds them.
            LOG.warn("usage roll failed error={}", e.toString());
        }
    }

    /** Rolls until no mark is left (marks made meanwhile included); answers how many marks it took. */
    int rollAll() {
        int total = 0;
        int rolled;
        do {
            rolled = transactions.execute(readCommitted, status -> roll(status.getConnection()));
            total += rolled;
        } while (rolled == MARKS_PER_ROLL);
        return total;
    }

    private int roll(Connection connection) {
        UsageJobs.lock(connection, "roller");
        Marks read = marks(connection);
        if (read.ids().isEmpty()) {
            return 0;
        }
        List<Mark> marks = read.buckets();
        Set<Mark> hours = new LinkedHashSet<>();
        Set<Mark> days = new LinkedHashSet<>();
        for (Mark mark : marks) {
            hours.add(new Mark(mark.tenantId(), mark.domain(), truncate(mark.bucketStart(), Duration.ofHours(1))));
            days.add(new Mark(mark.tenantId(), mark.domain(), truncate(mark.bucketStart(), Duration.ofDays(1))));
        }
        rebuild(connection, "usage_stream_5m", marks, "SELECT tenant_id, domain, bucket_start, app, stream, protocol,"
                + " SUM(bytes), SUM(viewer_seconds), SUM(peak_viewers) FROM usage_node_5m WHERE tenant_id = ?"
                + " AND domain = ? AND bucket_start = ? GROUP BY tenant_id, domain, bucket_start, app, stream, protocol",
                Duration.ZERO);
        rebuild(connection, "usage_domain_5m", marks, "SELECT tenant_id, domain, bucket_start, " + split("bytes")
                + ", SUM(CASE WHEN " + EGRESS + " THEN bytes ELSE 0 END), SUM(viewer_seconds), SUM(peak_viewers)"
                + " FROM usage_stream_5m WHERE tenant_id = ? AND domain = ? AND bucket_start = ?"
                + " GROUP BY tenant_id, domain, bucket_start", Duration.ZERO);
        rebuildStreams(connection, "usage_stream_1h", "usage_stream_5m", hours, Duration.ofHours(1));
        rebuildDomains(connection, "usage_domain_1h", "usage_domain_5m", hours, Duration.ofHours(1));
        rebuildStreams(connection, "usage_stream_1d", "usage_stream_1h", days, Duration.ofDays(1));
        rebuildDomains(connection, "usage_domain_1d", "usage_domain_1h", days, Duration.ofDays(1));
        JdbcBatches.run(connection, "DELETE FROM usage_rollup_pending WHERE id = ?", read.ids(),
                (statement, id) -> statement.setLong(1, id));
        LOG.debug("usage rolled marks={} buckets={} hours={} days={}", read.ids().size(), marks.size(), hours.size(),
                days.size());
        return read.ids().size();
    }

    /** Egress (billed protocols), relay and ingest sums of {@code column}. */
    private static String split(String column) {
        return "SUM(CASE WHEN " + EGRESS + " THEN " + column + " ELSE 0 END), SUM(CASE WHEN protocol = 'relay' THEN "
                + column + " ELSE 0 END), SUM(CASE WHEN protocol = 'ingest' THEN " + column + " ELSE 0 END)";
    }

    /** A stream rollup: the finer rows of its interval summed, the largest peak kept. */
    private static void rebuildStreams(Connection connection, String table, String finer, Set<Mark> buckets,
            Duration length) {
        rebuild(connection, table, List.copyOf(buckets), "SELECT tenant_id, domain, CAST(? AS DATETIME), app, stream, protocol,"
                + " SUM(bytes), SUM(viewer_seconds), MAX(peak_viewers) FROM " + finer + " WHERE tenant_id = ?"
                + " AND domain = ? AND bucket_start >= ? AND bucket_start < ? GROUP BY tenant_id, domain, app, stream,"
                + " protocol", length);
    }

    /** A domain rollup: sums, and the largest 5-minute egress and viewer peak inside it. */
    private static void rebuildDomains(Connection connection, String table, String finer, Set<Mark> buckets,
            Duration length) {
        rebuild(connection, table, List.copyOf(buckets), "SELECT tenant_id, domain, CAST(? AS DATETIME), SUM(egress_bytes),"
                + " SUM(relay_bytes), SUM(ingest_bytes), MAX(peak_egress_5m_bytes), SUM(viewer_seconds),"
                + " MAX(peak_viewers) FROM " + finer + " WHERE tenant_id = ? AND domain = ? AND bucket_start >= ?"
                + " AND bucket_start < ? GROUP BY tenant_id, domain", length);
    }

    /**
     * Replaces the rows of {@code table} at each bucket with what {@code select} computes: for a 5-minute table
     * ({@code length} zero) the select takes (tenant, domain, bucket); for a coarser one (bucket, tenant, domain,
     * start, end) over the finer table.
     */
    private static void rebuild(Connection connection, String table, List<Mark> buckets, String select,
            Duration length) {
        JdbcBatches.run(connection, "DELETE FROM " + table + " WHERE tenant_id = ? AND domain = ? AND bucket_start = ?",
                buckets, (statement, mark) -> bindMark(statement, 1, mark));
        String columns = table.startsWith("usage_stream") ? STREAM_COLUMNS : DOMAIN_COLUMNS;
        // One execution per bucket: MariaDB's bulk batch protocol refuses INSERT ... SELECT, and the roller is off
        // the ingestion path (a few buckets per active domain a second).
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + columns + select)) {
            for (Mark mark : buckets) {
                if (length.isZero()) {
                    bindMark(insert, 1, mark);
                } else {
                    LocalDateTime start = UsageSql.utc(mark.bucketStart());
                    insert.setObject(1, start);
                    insert.setString(2, mark.tenantId());
                    insert.setString(3, mark.domain());
                    insert.setObject(4, start);
                    insert.setObject(5, UsageSql.utc(mark.bucketStart().plus(length)));
                }
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rebuild " + table, e);
        }
    }

    private static void bindMark(PreparedStatement statement, int first, Mark mark) throws SQLException {
        statement.setString(first, mark.tenantId());
        statement.setString(first + 1, mark.domain());
        statement.setObject(first + 2, UsageSql.utc(mark.bucketStart()));
    }

    private static Marks marks(Connection connection) {
        List<Long> ids = new ArrayList<>();
        Set<Mark> buckets = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, tenant_id, domain, bucket_start"
                + " FROM usage_rollup_pending ORDER BY id LIMIT " + MARKS_PER_ROLL)) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    buckets.add(new Mark(rows.getString(2), rows.getString(3),
                            UsageSql.instant(rows.getObject(4, LocalDateTime.class))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read usage rollup marks", e);
        }
        return new Marks(ids, List.copyOf(buckets));
    }

    static Instant truncate(Instant instant, Duration length) {
        long seconds = length.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }
}
