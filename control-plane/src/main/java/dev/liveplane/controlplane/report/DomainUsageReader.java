package dev.liveplane.controlplane.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Reads a domain's rows of the domain rollups ({@code usage_domain_5m}, {@code _1h}, {@code _1d}) into a series. */
@Singleton
class DomainUsageReader {

    private final TransactionOperations<Connection> transactions;

    DomainUsageReader(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** The domain's usage per interval of the window, each rollup read over the plan's ranges only. */
    DomainSeries read(String tenantId, String domain, ReportWindow window, ReadPlan plan) {
        DomainSeries series = new DomainSeries(window);
        // One read transaction: every rollup is read as of the same moment.
        transactions.executeRead(status -> {
            for (Rollup rollup : Rollup.values()) {
                List<ReadPlan.Range> ranges = plan.ranges(rollup);
                if (!ranges.isEmpty()) {
                    read(status.getConnection(), rollup, tenantId, domain, ranges, series);
                }
            }
            return null;
        });
        return series;
    }

    private static void read(Connection connection, Rollup rollup, String tenantId, String domain,
            List<ReadPlan.Range> ranges, DomainSeries series) throws SQLException {
        String sql = "SELECT bucket_start, egress_bytes, relay_bytes, ingest_bytes, peak_egress_5m_bytes,"
                + " viewer_seconds, peak_viewers FROM " + rollup.table("usage_domain")
                + " WHERE tenant_id = ? AND domain = ? AND (" + BucketSql.ranges(ranges.size()) + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantId);
            statement.setString(2, domain);
            BucketSql.bindRanges(statement, 3, ranges);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    series.add(BucketSql.instant(rows, 1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), rows.getLong(6), rows.getInt(7));
                }
            }
        }
    }

    /** The egress of each 5-minute bucket with a row in {@code [from, to)}: the samples of a percentile. */
    long[] fiveMinuteEgress(String tenantId, String domain, Instant from, Instant to) {
        String sql = "SELECT egress_bytes FROM " + Rollup.FIVE_MINUTES.table("usage_domain")
                + " WHERE tenant_id = ? AND domain = ? AND bucket_start >= ? AND bucket_start < ?";
        return transactions.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                statement.setString(1, tenantId);
                statement.setString(2, domain);
                statement.setObject(3, BucketSql.utc(from));
                statement.setObject(4, BucketSql.utc(to));
                long[] bytes = new long[64];
                int count = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (count == bytes.length) {
                            bytes = Arrays.copyOf(bytes, count * 2);
                        }
                        bytes[count++] = rows.getLong(1);
                    }
                }
                return Arrays.copyOf(bytes, count);
            }
        });
    }
}
