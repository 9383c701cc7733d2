package dev.liveplane.controlplane.charging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;

/**
 * A tenant's pay-as-you-go month ({@code payg_months}): the bytes charged so far and what they cost, read and moved
 * by the charger while it holds the tenant's account lock (so no two charges of a tenant interleave).
 */
final class PaygMonths {

    /** The month so far; both zero before its first charge. */
    record Month(long bytes, long charged, boolean exists) {
    }

    private PaygMonths() {
    }

    static Month lock(Connection connection, String tenantId, YearMonth month) {
        try (PreparedStatement select = connection.prepareStatement("SELECT bytes, charged FROM payg_months"
                + " WHERE tenant_id = ? AND statement_month = ? FOR UPDATE")) {
            select.setString(1, tenantId);
            select.setString(2, month.toString());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new Month(rows.getLong(1), rows.getLong(2), true) : new Month(0, 0, false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock pay-as-you-go month " + month + " of tenant " + tenantId, e);
        }
    }

    /** Adds a charge's bytes and amount to the month. */
    static void add(Connection connection, String tenantId, YearMonth month, Month before, long bytes, long amount) {
        String sql = before.exists()
                ? "UPDATE payg_months SET bytes = ?, charged = ? WHERE tenant_id = ? AND statement_month = ?"
                : "INSERT INTO payg_months (bytes, charged, tenant_id, statement_month) VALUES (?, ?, ?, ?)";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setLong(1, Math.addExact(before.bytes(), bytes));
            write.setLong(2, Math.addExact(before.charged(), amount));
            write.setString(3, tenantId);
            write.setString(4, month.toString());
            if (write.executeUpdate() != 1) {
                throw new IllegalStateException("pay-as-you-go month " + month + " of tenant " + tenantId
                        + " changed under the account lock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write pay-as-you-go month " + month + " of tenant " + tenantId, e);
        }
    }
}
