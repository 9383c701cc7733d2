package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.callback.StandingWebhookData;
import dev.liveplane.controlplane.callback.TenantWebhooks;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a tenant may still be played: recomputed by whoever moves the tenant's money or package bytes (operator
 * credits and debits, purchases, the charger, package expiry), in the same write transaction, after
 * {@link Ledger#append}, while the account lock from {@link Ledger#lock} is held. A change of {@code tenant_standing}
 * is a crossing: a change of {@code suspended} bumps the config version (the snapshot's {@code suspendedTenants}
 * follows it) and the {@code quota_low}, {@code suspended} or {@code resumed} webhook is enqueued in the same
 * transaction, so it goes out once, after the commit, and never for a change rolled back.
 */
@Singleton
public class Standing {

    private static final Logger LOG = LoggerFactory.getLogger(Standing.class);

    private final TransactionOperations<Connection> transactions;
    private final BillingConfiguration config;
    private final ConfigVersion version;
    private final TenantWebhooks webhooks;

    Standing(TransactionOperations<Connection> transactions, BillingConfiguration config, ConfigVersion version,
            TenantWebhooks webhooks) {
        this.transactions = transactions;
        this.config = config;
        this.version = version;
        this.webhooks = webhooks;
    }

    /** What a tenant's standing is made of, as computed now. */
    record Figures(long balance, long packageBytes, boolean funded) {
    }

    /** Recomputes the tenant's standing inside the caller's transaction (one is opened if there is none). */
    public void refresh(String tenantId) {
        transactions.executeWrite(status -> {
            try {
                refresh(status.getConnection(), tenantId);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot refresh the standing of tenant " + tenantId, e);
            }
            return null;
        });
    }

    /** The tenants whose pull domains are suspended now, for the config snapshot (in its read transaction). */
    public List<String> suspendedTenants() {
        return transactions.executeRead(status -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT tenant_id FROM tenant_standing WHERE suspended = TRUE ORDER BY tenant_id");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the suspended tenants", e);
            }
            return ids;
        });
    }

    private void refresh(Connection connection, String tenantId) throws SQLException {
        Instant now = Times.now();
        Figures figures = figures(connection, tenantId, now);
        // A tenant never funded is held to nothing unless the deployment says so: tenants that existed before
        // billing, and every test that never thinks of money, keep playing.
        boolean enforced = figures.funded() || config.isEnforceUnfunded();
        boolean suspended = enforced && figures.packageBytes() == 0 && figures.balance() <= -config.getOverdraft();
        boolean quotaLow = enforced && !suspended && figures.packageBytes() < config.getQuotaLowBytes()
                && figures.balance() < config.getQuotaLowBalance();
        boolean[] before = current(connection, tenantId);
        write(connection, tenantId, before == null, suspended, quotaLow, before != null
                && before[0] == suspended && before[1] == quotaLow, now);
        boolean wasSuspended = before != null && before[0];
        boolean wasLow = before != null && before[1];
        StandingWebhookData data = new StandingWebhookData(tenantId, figures.balance(), figures.packageBytes(),
                now.toString());
        if (suspended != wasSuspended) {
            version.bump(ConfigChange.suspensions());
            webhooks.enqueue(tenantId, suspended ? "suspended" : "resumed", data);
            LOG.info("event={} tenant={} balance={} package_bytes={}", suspended ? "tenant_suspended"
                    : "tenant_resumed", tenantId, figures.balance(), figures.packageBytes());
        }
        if (quotaLow && !wasLow) {
            webhooks.enqueue(tenantId, "quota_low", data);
            LOG.info("event=quota_low tenant={} balance={} package_bytes={}", tenantId, figures.balance(),
                    figures.packageBytes());
        }
    }

    static Figures figures(Connection connection, String tenantId, Instant now) throws SQLException {
        long balance = 0;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT balance FROM billing_accounts WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    balance = rows.getLong(1);
                }
            }
        }
        long bytes;
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(SUM(remaining_bytes), 0)"
                + " FROM traffic_packages WHERE tenant_id = ? AND expires_at > ?")) {
            select.setString(1, tenantId);
            select.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                bytes = rows.getLong(1);
            }
        }
        boolean funded;
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM ledger_entries"
                + " WHERE tenant_id = ? AND kind = '" + EntryKind.CREDIT.column() + "' LIMIT 1")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                funded = rows.next();
            }
        }
        return new Figures(balance, bytes, funded);
    }

    /** {@code [suspended, quotaLow]} as stored, locked for the rest of the transaction; null when never computed. */
    private static boolean[] current(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT suspended, quota_low FROM tenant_standing WHERE tenant_id = ? FOR UPDATE")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new boolean[] {rows.getBoolean(1), rows.getBoolean(2)} : null;
            }
        }
    }

    private static void write(Connection connection, String tenantId, boolean insert, boolean suspended,
            boolean quotaLow, boolean unchanged, Instant now) throws SQLException {
        String sql = insert
                ? "INSERT INTO tenant_standing (suspended, quota_low, changed_at, checked_at, tenant_id)"
                        + " VALUES (?, ?, ?, ?, ?)"
                : unchanged ? "UPDATE tenant_standing SET checked_at = ? WHERE tenant_id = ?"
                : "UPDATE tenant_standing SET suspended = ?, quota_low = ?, changed_at = ?, checked_at = ?"
                        + " WHERE tenant_id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            if (!unchanged || insert) {
                statement.setBoolean(i++, suspended);
                statement.setBoolean(i++, quotaLow);
                statement.setTimestamp(i++, Timestamp.from(now));
            }
            statement.setTimestamp(i++, Timestamp.from(now));
            statement.setString(i, tenantId);
            statement.executeUpdate();
        }
    }
}
