package dev.liveplane.controlplane.usage;

import dev.liveplane.controlplane.JdbcBatches;
import dev.liveplane.controlplane.ReadCommitted;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the raw rows of the intakes that marked buckets into the per-node 5-minute rows, and rebuilds the stream and
 * domain rollups (5 minutes, 1 hour, 1 day) of the marked (tenant, domain, 5-minute bucket)s: every second, on one
 * instance at a time (the {@code roller} job row).
 *
 * <p>Counted once: an intake's raw rows are added to the node rows and its marks deleted in one transaction, so a roll
 * that fails leaves both as they were and the next one folds them. An intake commits its raw rows and all its marks
 * together, and the roll reads whole intakes' marks (READ COMMITTED), so it folds every row of an intake it saw and
 * none of one it did not (that one stays for the next round). Rollups are rebuilt, not incremented: a rollup row is a
 * pure function of the rows below it, so rebuilding a bucket twice cannot count anything twice.
 */
@Singleton
class UsageRoller {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRoller.class);
    /** Intakes per transaction: a few seconds of ingestion at 50,000 records a second, its rebuilds shared. */
    static final int INTAKES_PER_ROLL = 400;
    private static final String EGRESS = "protocol IN ('rtmp', 'http_flv', 'hls')";
    private static final String STREAM_COLUMNS = " (tenant_id, domain, bucket_start, app, stream, protocol, bytes,"
            + " viewer_seconds, peak_viewers) ";
    private static final String DOMAIN_COLUMNS = " (tenant_id, domain, bucket_start, egress_bytes, relay_bytes,"
            + " ingest_bytes, peak_egress_5m_bytes, viewer_seconds, peak_viewers) ";

    private final TransactionOperations<Connection> transactions;
    private final UsageSql sql;
    private static final TransactionDefinition READ_COMMITTED = ReadCommitted.named("roll usage");

    UsageRoller(TransactionOperations<Connection> transactions, UsageSql sql) {
        this.transactions = transactions;
        this.sql = sql;
    }

    /** A marked (tenant, domain, 5-minute bucket). */
    record Mark(String tenantId, String domain, Instant bucketStart) {
    }

    /** The marks read, by id, the intakes they name and the distinct buckets they name. */
    private record Marks(List<Long> ids, Set<Long> intakes, List<Mark> buckets) {
    }

    @Scheduled(fixedDelay = "${liveplane.usage.roll-interval:1s}", initialDelay = "${liveplane.usage.roll-interval:1s}")
    @SchedulerLock(name = "usage-roll", lockAtLeastFor = "${liveplane.usage.roll-interval:1s}",
            lockAtMostFor = "${liveplane.usage.roll-interval:1s}")
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
            rolled = transactions.execute(READ_COMMITTED, status -> roll(status.getConnection()));
            total += rolled;
        } while (rolled > 0);
        return total;
    }

    private int roll(Connection connection) {
        UsageJobs.lock(connection, "roller");
        Marks read = marks(connection);
        if (read.ids().isEmpty()) {
            return 0;
        }
        sql.upsertNodeRows(connection, fold(connection, read.intakes()));
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
        deleteMarks(connection, read.ids());
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

    /** The marks of the oldest committed intakes, whole: an intake's marks commit together. */
    private static Marks marks(Connection connection) {
        List<Long> ids = new ArrayList<>();
        Set<Long> intakes = new LinkedHashSet<>();
        Set<Mark> buckets = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT p.id, p.intake_id, p.tenant_id, p.domain,"
                + " p.bucket_start FROM usage_rollup_pending p JOIN (SELECT intake_id FROM usage_rollup_pending"
                + " GROUP BY intake_id ORDER BY MIN(id) LIMIT " + INTAKES_PER_ROLL + ") oldest"
                + " ON oldest.intake_id = p.intake_id ORDER BY p.id")) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    intakes.add(rows.getLong(2));
                    buckets.add(new Mark(rows.getString(3), rows.getString(4),
                            UsageSql.instant(rows.getObject(5, LocalDateTime.class))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read usage rollup marks", e);
        }
        return new Marks(ids, intakes, List.copyOf(buckets));
    }

    /** The raw rows {@code intakes} stored, summed per node row (bytes and viewer-seconds added, largest peak). */
    private static List<UsageAggregates.NodeRow> fold(Connection connection, Set<Long> intakes) {
        List<UsageAggregates.NodeRow> rows = new ArrayList<>();
        for (List<Long> chunk : UsageSql.chunks(List.copyOf(intakes))) {
            try (PreparedStatement select = connection.prepareStatement("SELECT bucket_start, tenant_id, domain, app,"
                    + " stream, protocol, node_id, SUM(bytes), SUM(viewer_seconds), MAX(peak_viewers)"
                    + " FROM usage_records WHERE intake_id IN (" + String.join(", ", Collections.nCopies(chunk.size(),
                    "?")) + ") GROUP BY bucket_start, tenant_id, domain, app, stream, protocol, node_id")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet sums = select.executeQuery()) {
                    while (sums.next()) {
                        rows.add(new UsageAggregates.NodeRow(UsageSql.instant(sums.getObject(1,
                                LocalDateTime.class)), sums.getString(2), sums.getString(3), sums.getString(4),
                                sums.getString(5), sums.getString(6), sums.getString(7), sums.getLong(8),
                                sums.getLong(9), sums.getInt(10)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot fold usage records", e);
            }
        }
        // Two chunks may hold rows of one node row; the upsert adds them up. Key order, as every writer of the rows.
        rows.sort(UsageAggregates.NODE_ORDER);
        return rows;
    }

    private static void deleteMarks(Connection connection, List<Long> ids) {
        for (List<Long> chunk : UsageSql.chunks(ids)) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_rollup_pending WHERE id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                int i = 1;
                for (long id : chunk) {
                    delete.setLong(i++, id);
                }
                delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot delete usage rollup marks", e);
            }
        }
    }

    static Instant truncate(Instant instant, Duration length) {
        long seconds = length.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }
}
