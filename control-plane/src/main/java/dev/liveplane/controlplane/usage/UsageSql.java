package dev.liveplane.controlplane.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jakarta.inject.Singleton;

/**
 * The intake's statements, each one multi-row statement over a list of rows (the caller keeps lists under
 * {@code UsageIntake}'s chunk). Times are bound as UTC {@link LocalDateTime}s, so the DATETIME columns hold UTC
 * whatever the JVM's time zone.
 */
@Singleton
final class UsageSql {

    private static final String RAW = "INSERT IGNORE INTO usage_records (bucket_start, node_id, record_id, tenant_id,"
            + " domain, app, stream, protocol, bytes, viewer_seconds, peak_viewers, intake_id) VALUES ";
    private static final String RAW_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String NODE = "INSERT INTO usage_node_5m (bucket_start, tenant_id, domain, app, stream,"
            + " protocol, node_id, bytes, viewer_seconds, peak_viewers) VALUES ";
    private static final String NODE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String NODE_UPDATE = " ON DUPLICATE KEY UPDATE bytes = bytes + VALUES(bytes),"
            + " viewer_seconds = viewer_seconds + VALUES(viewer_seconds),"
            + " peak_viewers = GREATEST(peak_viewers, VALUES(peak_viewers))";
    private static final int CHUNK = 1000;

    /** Inserts the rows whose key is not stored yet and answers how many it inserted. */
    int insertRaw(Connection connection, List<UsageIntake.RawRow> rows, long intakeId) {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = connection.prepareStatement(RAW + values(RAW_ROW, rows.size()))) {
            int i = 1;
            for (UsageIntake.RawRow row : rows) {
                MeteredUsage r = row.record();
                insert.setObject(i++, utc(r.bucketStart()));
                insert.setString(i++, row.nodeId());
                insert.setBytes(i++, row.id());
                insert.setString(i++, r.tenantId());
                insert.setString(i++, r.domain());
                insert.setString(i++, r.app());
                insert.setString(i++, r.stream());
                insert.setString(i++, r.protocol().wire());
                insert.setLong(i++, r.bytes());
                insert.setLong(i++, r.viewerSeconds());
                insert.setInt(i++, r.peakViewers());
                insert.setLong(i++, intakeId);
            }
            return insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store usage records", e);
        }
    }

    /** Of {@code ids} (one node's, one bucket's), those stored by another intake than {@code intakeId}. */
    List<byte[]> storedBefore(Connection connection, Instant bucketStart, String nodeId, List<byte[]> ids,
            long intakeId) {
        String query = "SELECT record_id FROM usage_records WHERE bucket_start = ? AND node_id = ? AND record_id IN ("
                + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") AND intake_id <> ?";
        try (PreparedStatement select = connection.prepareStatement(query)) {
            int i = 1;
            select.setObject(i++, utc(bucketStart));
            select.setString(i++, nodeId);
            for (byte[] id : ids) {
                select.setBytes(i++, id);
            }
            select.setLong(i, intakeId);
            List<byte[]> stored = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getBytes(1));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read stored usage record ids", e);
        }
    }

    /** Adds the deltas to the per-node 5-minute rows (bytes and viewer-seconds summed, the largest peak kept). */
    void upsertNodeRows(Connection connection, List<UsageAggregates.NodeRow> rows) {
        for (List<UsageAggregates.NodeRow> chunk : chunks(rows)) {
            try (PreparedStatement statement = connection.prepareStatement(NODE + values(NODE_ROW, chunk.size())
                    + NODE_UPDATE)) {
                int i = 1;
                for (UsageAggregates.NodeRow row : chunk) {
                    statement.setObject(i++, utc(row.bucketStart()));
                    statement.setString(i++, row.tenantId());
                    statement.setString(i++, row.domain());
                    statement.setString(i++, row.app());
                    statement.setString(i++, row.stream());
                    statement.setString(i++, row.protocol());
                    statement.setString(i++, row.nodeId());
                    statement.setLong(i++, row.bytes());
                    statement.setLong(i++, row.viewerSeconds());
                    statement.setInt(i++, row.peakViewers());
                }
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot add usage to the per-node rows", e);
            }
        }
    }

    /** Marks (tenant, domain, bucket)s for the roller, with the intake whose raw rows it is to fold. */
    void markPending(Connection connection, List<UsageAggregates.PendingRow> rows, long intakeId) {
        for (List<UsageAggregates.PendingRow> chunk : chunks(rows)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_rollup_pending"
                    + " (intake_id, tenant_id, domain, bucket_start) VALUES " + values("(?, ?, ?, ?)", chunk.size()))) {
                int i = 1;
                for (UsageAggregates.PendingRow row : chunk) {
                    insert.setLong(i++, intakeId);
                    insert.setString(i++, row.tenantId());
                    insert.setString(i++, row.domain());
                    insert.setObject(i++, utc(row.bucketStart()));
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot mark usage buckets for rollup", e);
            }
        }
    }

    /** Journals billed bytes for the charger (see V6's usage_billable). */
    void insertBillable(Connection connection, List<UsageAggregates.BillableRow> rows, Instant now) {
        LocalDateTime created = utc(now);
        for (List<UsageAggregates.BillableRow> chunk : chunks(rows)) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO usage_billable (tenant_id,"
                    + " bucket_start, bytes, created_at) VALUES " + values("(?, ?, ?, ?)", chunk.size()))) {
                int i = 1;
                for (UsageAggregates.BillableRow row : chunk) {
                    insert.setString(i++, row.tenantId());
                    insert.setObject(i++, utc(row.bucketStart()));
                    insert.setLong(i++, row.bytes());
                    insert.setObject(i++, created);
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot journal billable usage", e);
            }
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    private static String values(String row, int count) {
        return String.join(", ", Collections.nCopies(count, row));
    }

    static <T> List<List<T>> chunks(List<T> rows) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + CHUNK)));
        }
        return chunks;
    }
}
