package dev.liveplane.controlplane.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code usage_billable} journal as the charger reads and empties it: which tenants have traffic waiting, one
 * tenant's oldest rows locked for charging, their deletion once charged, and the size of the backlog.
 */
final class BillableRows {

    /** One journal row: bytes of one tenant's 5-minute bucket. */
    record Row(long id, Instant bucketStart, long bytes) {
    }

    /** How much waits: rows, tenants and the oldest row's arrival (null when nothing waits). */
    record Backlog(long rows, long tenants, Instant oldest) {
    }

    private BillableRows() {
    }

    /** Up to {@code limit} tenants with rows waiting, in id order after {@code after} (a keyset over tenants). */
    static List<String> tenantsAfter(Connection connection, String after, int limit) {
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT tenant_id FROM usage_billable"
                + " WHERE tenant_id > ? ORDER BY tenant_id LIMIT ?")) {
            select.setString(1, after);
            select.setInt(2, limit);
            List<String> tenants = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tenants.add(rows.getString(1));
                }
            }
            return tenants;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list tenants with billable traffic", e);
        }
    }

    /**
     * Locks up to {@code limit} of the tenant's oldest rows for the rest of the transaction, skipping rows another
     * charger holds (SKIP LOCKED: MariaDB 10.6+, MySQL 8, H2 2), so two instances split a backlog instead of queueing.
     */
    static List<Row> lock(Connection connection, String tenantId, int limit) {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, bucket_start, bytes FROM usage_billable"
                + " WHERE tenant_id = ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            select.setString(1, tenantId);
            select.setInt(2, limit);
            List<Row> taken = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    taken.add(new Row(rows.getLong(1), utc(rows.getObject(2, LocalDateTime.class)), rows.getLong(3)));
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take billable rows of tenant " + tenantId, e);
        }
    }

    /**
     * Deletes the charged rows, each by its primary key in one batch. One row per statement: an {@code IN} list may
     * be run as a scan of the primary key (stale statistics on a young table), which waits for rows other chargers
     * hold and deadlocks with them; an equality on the key locks nothing but its row.
     */
    static void delete(Connection connection, String tenantId, List<Row> charged) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM usage_billable WHERE id = ?")) {
            for (Row row : charged) {
                delete.setLong(1, row.id());
                delete.addBatch();
            }
            for (int count : delete.executeBatch()) {
                // Rows this transaction holds locked cannot vanish; a count of 0 would mean the journal was edited
                // by hand meanwhile: charge nothing then. (SUCCESS_NO_INFO, -2, is a driver's bulk answer.)
                if (count == 0) {
                    throw new IllegalStateException("a charged billable row of tenant " + tenantId
                            + " was deleted by someone else");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete charged billable rows of tenant " + tenantId, e);
        }
    }

    /** Ingestion writes the journal's times as UTC wall clock (usage/UsageSql), whatever the JVM's zone. */
    private static Instant utc(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }

    static Backlog backlog(Connection connection) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*), COUNT(DISTINCT tenant_id), MIN(created_at) FROM usage_billable");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            LocalDateTime oldest = rows.getObject(3, LocalDateTime.class);
            return new Backlog(rows.getLong(1), rows.getLong(2), oldest == null ? null : utc(oldest));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count billable rows", e);
        }
    }
}
