package dev.liveplane.controlplane.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The bytes left in a tenant's traffic packages ({@code traffic_packages}), as the charger reads and takes them. */
final class PackageBytes {

    private PackageBytes() {
    }

    /**
     * The tenant's packages with bytes left that are still valid at {@code from} (the earliest bucket being charged),
     * earliest expiry first (then oldest id, so the order is total and the same on every instance). A plain read:
     * the caller holds the tenant's account lock, which every writer of a tenant's packages holds (a purchase inserts
     * under it, a charge takes bytes under it), so under READ COMMITTED it sees the latest bytes and nobody changes
     * them before the commit. A locking read here could scan other tenants' packages (the index's statistics on a
     * young table) and wait for, and deadlock with, their purchases and charges.
     */
    static List<HeldPackage> usable(Connection connection, String tenantId, Instant from) {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, remaining_bytes, purchased_at,"
                + " expires_at FROM traffic_packages WHERE tenant_id = ? AND remaining_bytes > 0 AND expires_at > ?"
                + " ORDER BY expires_at, id")) {
            select.setString(1, tenantId);
            select.setTimestamp(2, Timestamp.from(from));
            List<HeldPackage> held = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    held.add(new HeldPackage(rows.getString(1), rows.getLong(2), rows.getTimestamp(3).toInstant(),
                            rows.getTimestamp(4).toInstant()));
                }
            }
            return held;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the traffic packages of tenant " + tenantId, e);
        }
    }

    /** Takes {@code bytes} from a package (by its key: only its row is locked); never below zero. */
    static void take(Connection connection, String packageId, long bytes) {
        try (PreparedStatement update = connection.prepareStatement("UPDATE traffic_packages"
                + " SET remaining_bytes = remaining_bytes - ? WHERE id = ? AND remaining_bytes >= ?")) {
            update.setLong(1, bytes);
            update.setString(2, packageId);
            update.setLong(3, bytes);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("traffic package " + packageId + " has less than " + bytes
                        + " bytes left");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take bytes from traffic package " + packageId, e);
        }
    }
}
