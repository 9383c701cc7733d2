package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.NewestFirstCursor;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the publish history, newest start first in keyset pages (start, id), with each session's bytes: the ingest
 * on its push domain and the egress on the pull domains that play it, summed over the 5-minute usage buckets from
 * the one it started in to the one it ended in (or now).
 */
@Singleton
final class PublishHistory {

    private static final long BUCKET_MILLIS = 300_000;
    private static final String COLUMNS = "SELECT id, domain, app, stream, node_id, started_at, ended_at, end_reason,"
            + " client_address, video_codec, video_width, video_height, video_frame_rate, audio_codec,"
            + " audio_sample_rate, audio_channels, peak_viewers FROM publish_sessions WHERE tenant_id = ?";
    // Egress is what viewers took on the pull domains of the session's push domain; relays are nobody's egress.
    private static final String BYTES = "SELECT"
            + " COALESCE(SUM(CASE WHEN domain = ? AND protocol = 'ingest' THEN bytes ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN domain <> ? AND protocol IN ('rtmp', 'http_flv', 'hls') THEN bytes ELSE 0 END),"
            + " 0) FROM usage_stream_5m WHERE tenant_id = ? AND app = ? AND stream = ? AND bucket_start >= ?"
            + " AND bucket_start < ? AND (domain = ? OR domain IN"
            + " (SELECT name FROM domains WHERE tenant_id = ? AND push_domain = ?))";

    private final TransactionOperations<Connection> transactions;
    private final Duration bytesKept;

    PublishHistory(TransactionOperations<Connection> transactions,
            @Value("${liveplane.usage.retention.five-minutes:62d}") Duration bytesKept) {
        this.transactions = transactions;
        this.bytesKept = bytesKept;
    }

    /** The filters of a history page; each may be null. */
    record Filter(String domain, String app, String stream, Instant since, Instant until) {
    }

    Slice<PublishSessionRow> list(String tenantId, Filter filter, int size, @Nullable String pageToken) {
        NewestFirstCursor after = NewestFirstCursor.decode(pageToken);
        Instant now = Times.now();
        return transactions.executeRead(status -> {
            List<PublishSessionRow> rows = page(status.getConnection(), tenantId, filter, after, size + 1);
            List<PublishSessionRow> withBytes = new ArrayList<>(rows.size());
            for (PublishSessionRow row : rows) {
                withBytes.add(row.startedAt().isBefore(now.minus(bytesKept)) ? row
                        : bytes(status.getConnection(), tenantId, row, now));
            }
            return Slice.of(withBytes, size, row -> new NewestFirstCursor(row.startedAt(), row.id()).encode());
        });
    }

    private static List<PublishSessionRow> page(Connection connection, String tenantId, Filter filter,
            NewestFirstCursor after, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder(COLUMNS);
        List<Object> parameters = new ArrayList<>(List.of(tenantId));
        where(sql, parameters, " AND domain = ?", filter.domain());
        where(sql, parameters, " AND app = ?", filter.app());
        where(sql, parameters, " AND stream = ?", filter.stream());
        where(sql, parameters, " AND started_at >= ?", timestamp(filter.since()));
        where(sql, parameters, " AND started_at < ?", timestamp(filter.until()));
        if (after != null) {
            sql.append(" AND (started_at < ? OR (started_at = ? AND id < ?))");
            parameters.addAll(List.of(timestamp(after.startedAt()), timestamp(after.startedAt()), after.id()));
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ").append(limit);
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<PublishSessionRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(row(result));
                }
            }
            return rows;
        }
    }

    private static void where(StringBuilder sql, List<Object> parameters, String clause, @Nullable Object value) {
        if (value != null) {
            sql.append(clause);
            parameters.add(value);
        }
    }

    private static PublishSessionRow row(ResultSet result) throws SQLException {
        Timestamp ended = result.getTimestamp(7);
        return new PublishSessionRow(result.getString(1), result.getString(2), result.getString(3),
                result.getString(4), result.getString(5), result.getTimestamp(6).toInstant(),
                ended == null ? null : ended.toInstant(), result.getString(8), result.getString(9),
                result.getString(10), (Integer) result.getObject(11, Integer.class),
                (Integer) result.getObject(12, Integer.class), (Double) result.getObject(13, Double.class),
                result.getString(14), (Integer) result.getObject(15, Integer.class),
                (Integer) result.getObject(16, Integer.class), result.getInt(17), null, null);
    }

    private static PublishSessionRow bytes(Connection connection, String tenantId, PublishSessionRow row,
            Instant now) throws SQLException {
        long from = Math.floorDiv(row.startedAt().toEpochMilli(), BUCKET_MILLIS) * BUCKET_MILLIS;
        Instant end = row.endedAt() == null ? now : row.endedAt();
        // The bucket the session ended in counts whole: up to the next 5-minute boundary after the end.
        long to = (Math.floorDiv(end.toEpochMilli(), BUCKET_MILLIS) + 1) * BUCKET_MILLIS;
        try (PreparedStatement statement = connection.prepareStatement(BYTES)) {
            statement.setString(1, row.domain());
            statement.setString(2, row.domain());
            statement.setString(3, tenantId);
            statement.setString(4, row.app());
            statement.setString(5, row.stream());
            // bucket_start is a DATETIME in UTC (as the usage rollups write it), whatever the JVM's zone.
            statement.setObject(6, LocalDateTime.ofInstant(Instant.ofEpochMilli(from), ZoneOffset.UTC));
            statement.setObject(7, LocalDateTime.ofInstant(Instant.ofEpochMilli(to), ZoneOffset.UTC));
            statement.setString(8, row.domain());
            statement.setString(9, tenantId);
            statement.setString(10, row.domain());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return row.withBytes(result.getLong(1), result.getLong(2));
            }
        }
    }

    private static Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
