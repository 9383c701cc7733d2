package dev.liveplane.controlplane.report;

import dev.liveplane.controlplane.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Writes usage rows straight into the rollup tables of V6__usage.sql as ingestion leaves them: a 5-minute row and
 * the hourly and daily rows it rolls up into (sums added, peaks kept the largest), so every granularity agrees.
 */
final class UsageRows implements AutoCloseable {

    private static final String DOMAIN_UPSERT = "INSERT INTO %s (tenant_id, domain, bucket_start, egress_bytes,"
            + " relay_bytes, ingest_bytes, peak_egress_5m_bytes, viewer_seconds, peak_viewers)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE egress_bytes = egress_bytes + VALUES(egress_bytes),"
            + " relay_bytes = relay_bytes + VALUES(relay_bytes), ingest_bytes = ingest_bytes + VALUES(ingest_bytes),"
            + " peak_egress_5m_bytes = GREATEST(peak_egress_5m_bytes, VALUES(peak_egress_5m_bytes)),"
            + " viewer_seconds = viewer_seconds + VALUES(viewer_seconds),"
            + " peak_viewers = GREATEST(peak_viewers, VALUES(peak_viewers))";
    private static final String STREAM_UPSERT = "INSERT INTO %s (tenant_id, domain, bucket_start, app, stream,"
            + " protocol, bytes, viewer_seconds, peak_viewers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE bytes = bytes + VALUES(bytes), viewer_seconds = viewer_seconds"
            + " + VALUES(viewer_seconds), peak_viewers = GREATEST(peak_viewers, VALUES(peak_viewers))";

    private final Connection connection;

    UsageRows() throws SQLException {
        connection = TestDatabase.connect();
    }

    /** One 5-minute bucket of a domain, rolled up into its hour and day. */
    void domain(String tenantId, String domain, String bucket, long egress, long seconds, int viewers)
            throws SQLException {
        domain(tenantId, domain, Instant.parse(bucket), egress, 0, 0, seconds, viewers, true);
    }

    /** As above, with relay and ingest bytes; {@code rolledUp} false leaves the hour and day as if the rollup lags. */
    void domain(String tenantId, String domain, Instant bucket, long egress, long relay, long ingest, long seconds,
            int viewers, boolean rolledUp) throws SQLException {
        upsertDomain("usage_domain_5m", tenantId, domain, bucket, egress, relay, ingest, seconds, viewers);
        if (rolledUp) {
            upsertDomain("usage_domain_1h", tenantId, domain, bucket.truncatedTo(ChronoUnit.HOURS), egress, relay,
                    ingest, seconds, viewers);
            upsertDomain("usage_domain_1d", tenantId, domain, bucket.truncatedTo(ChronoUnit.DAYS), egress, relay,
                    ingest, seconds, viewers);
        }
    }

    /** One 5-minute bucket of one stream and protocol, rolled up into its hour and day. */
    void stream(String tenantId, String domain, String bucket, String app, String stream, String protocol,
            long bytes, long seconds) throws SQLException {
        Instant at = Instant.parse(bucket);
        upsertStream("usage_stream_5m", tenantId, domain, at, app, stream, protocol, bytes, seconds);
        upsertStream("usage_stream_1h", tenantId, domain, at.truncatedTo(ChronoUnit.HOURS), app, stream, protocol,
                bytes, seconds);
        upsertStream("usage_stream_1d", tenantId, domain, at.truncatedTo(ChronoUnit.DAYS), app, stream, protocol,
                bytes, seconds);
    }

    private void upsertDomain(String table, String tenantId, String domain, Instant bucket, long egress, long relay,
            long ingest, long seconds, int viewers) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(String.format(DOMAIN_UPSERT, table))) {
            insert.setString(1, tenantId);
            insert.setString(2, domain);
            insert.setObject(3, LocalDateTime.ofInstant(bucket, ZoneOffset.UTC));
            insert.setLong(4, egress);
            insert.setLong(5, relay);
            insert.setLong(6, ingest);
            insert.setLong(7, egress);
            insert.setLong(8, seconds);
            insert.setInt(9, viewers);
            insert.executeUpdate();
        }
    }

    private void upsertStream(String table, String tenantId, String domain, Instant bucket, String app,
            String stream, String protocol, long bytes, long seconds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(String.format(STREAM_UPSERT, table))) {
            insert.setString(1, tenantId);
            insert.setString(2, domain);
            insert.setObject(3, LocalDateTime.ofInstant(bucket, ZoneOffset.UTC));
            insert.setString(4, app);
            insert.setString(5, stream);
            insert.setString(6, protocol);
            insert.setLong(7, bytes);
            insert.setLong(8, seconds);
            insert.setInt(9, 1);
            insert.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
