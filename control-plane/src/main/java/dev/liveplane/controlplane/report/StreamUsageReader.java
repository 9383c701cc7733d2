package dev.liveplane.controlplane.report;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a domain's stream rollups ({@code usage_stream_5m}, {@code _1h}, {@code _1d}) into totals per stream. */
@Singleton
class StreamUsageReader {

    private final TransactionOperations<Connection> transactions;

    StreamUsageReader(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Every stream with a row in the plan's ranges, summed over them (the database sums per protocol). */
    Collection<StreamTotals> read(String tenantId, String domain, ReadPlan plan) {
        // Keyed as StreamKey matches streams: case-insensitively, so rows of two rollups that spell it differently
        // are one stream.
        Map<String, StreamTotals> streams = new LinkedHashMap<>();
        transactions.executeRead(status -> {
            for (Rollup rollup : Rollup.values()) {
                List<ReadPlan.Range> ranges = plan.ranges(rollup);
                if (!ranges.isEmpty()) {
                    read(status.getConnection(), rollup, tenantId, domain, ranges, streams);
                }
            }
            return null;
        });
        return streams.values();
    }

    private static void read(Connection connection, Rollup rollup, String tenantId, String domain,
            List<ReadPlan.Range> ranges, Map<String, StreamTotals> streams) throws SQLException {
        String sql = "SELECT app, stream, protocol, SUM(bytes), SUM(viewer_seconds) FROM "
                + rollup.table("usage_stream") + " WHERE tenant_id = ? AND domain = ? AND ("
                + BucketSql.ranges(ranges.size()) + ") GROUP BY app, stream, protocol";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, tenantId);
            statement.setString(2, domain);
            BucketSql.bindRanges(statement, 3, ranges);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String app = rows.getString(1);
                    String stream = rows.getString(2);
                    String key = app.toLowerCase(Locale.ROOT) + "\n" + stream.toLowerCase(Locale.ROOT);
                    StreamTotals totals = streams.getOrDefault(key, new StreamTotals(app, stream, 0, 0, 0, 0, 0));
                    streams.put(key, totals.plus(rows.getString(3), rows.getLong(4), rows.getLong(5)));
                }
            }
        }
    }
}
