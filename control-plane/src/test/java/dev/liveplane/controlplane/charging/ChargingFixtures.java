package dev.liveplane.controlplane.charging;

import dev.liveplane.controlplane.Ids;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * What the charging tests set up and read back, in plain SQL against the real database: billable rows as ingestion
 * writes them, packages as a purchase leaves them, and the tenant's balance, ledger and pay-as-you-go months.
 */
final class ChargingFixtures {

    /** A ledger entry as stored. */
    record Entry(String kind, long amount, Long bytes, String packageId, String month) {
    }

    private final TransactionOperations<Connection> transactions;

    ChargingFixtures(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** One journal row, as ingestion writes it (times as UTC wall clock, usage/UsageSql). */
    void usage(String tenantId, Instant bucketStart, long bytes) {
        update("INSERT INTO usage_billable (tenant_id, bucket_start, bytes, created_at) VALUES (?, ?, ?, ?)",
                tenantId, LocalDateTime.ofInstant(bucketStart, ZoneOffset.UTC), bytes,
                LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC));
    }

    /** A package of {@code bytes}, valid from {@code purchasedAt} to {@code expiresAt}, with no money moved. */
    String givePackage(String tenantId, long bytes, Instant purchasedAt, Instant expiresAt) {
        String skuId = Ids.next();
        update("INSERT INTO skus (id, name, size_bytes, validity_days, price, active, created_at)"
                + " VALUES (?, 'test', ?, 30, 0, TRUE, ?)", skuId, bytes, Timestamp.from(purchasedAt));
        String id = Ids.next();
        update("INSERT INTO traffic_packages (id, tenant_id, sku_id, name, size_bytes, remaining_bytes, price,"
                + " purchased_at, expires_at) VALUES (?, ?, ?, 'test', ?, ?, 0, ?, ?)", id, tenantId, skuId, bytes,
                bytes, Timestamp.from(purchasedAt), Timestamp.from(expiresAt));
        return id;
    }

    long remaining(String packageId) {
        return number("SELECT remaining_bytes FROM traffic_packages WHERE id = ?", packageId);
    }

    long balance(String tenantId) {
        return number("SELECT COALESCE(MAX(balance), 0) FROM billing_accounts WHERE tenant_id = ?", tenantId);
    }

    long ledgerSum(String tenantId) {
        return number("SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE tenant_id = ?", tenantId);
    }

    /** The balance minus the sum of the ledger, read in one statement (one consistent view while others write). */
    long imbalance(String tenantId) {
        return number("SELECT COALESCE(MAX(a.balance), 0) - (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_entries e"
                + " WHERE e.tenant_id = ?) FROM billing_accounts a WHERE a.tenant_id = ?", tenantId, tenantId);
    }

    long waiting(String tenantId) {
        return number("SELECT COUNT(*) FROM usage_billable WHERE tenant_id = ?", tenantId);
    }

    /** Bytes the ledger says were charged (package usage and pay-as-you-go) for the tenant. */
    long chargedBytes(String tenantId) {
        return number("SELECT COALESCE(SUM(bytes), 0) FROM ledger_entries WHERE tenant_id = ?"
                + " AND kind IN ('package_usage', 'payg')", tenantId);
    }

    /** The pay-as-you-go month as {bytes, charged}, or {0, 0} before its first charge. */
    long[] paygMonth(String tenantId, YearMonth month) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(
                    "SELECT bytes, charged FROM payg_months WHERE tenant_id = ? AND statement_month = ?")) {
                select.setString(1, tenantId);
                select.setString(2, month.toString());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? new long[] {row.getLong(1), row.getLong(2)} : new long[] {0, 0};
                }
            }
        });
    }

    /** Rows of a query, each as longs after its first (text) column. */
    List<Row> rows(String sql, Object... parameters) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                bind(select, parameters);
                List<Row> rows = new ArrayList<>();
                try (ResultSet result = select.executeQuery()) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        long[] values = new long[columns - 1];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = result.getLong(i + 2);
                        }
                        rows.add(new Row(result.getString(1), values));
                    }
                }
                return rows;
            }
        });
    }

    record Row(String key, long[] values) {
    }

    List<Entry> entries(String tenantId) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement("SELECT kind, amount, bytes,"
                    + " package_id, statement_month FROM ledger_entries WHERE tenant_id = ? ORDER BY created_at, id")) {
                select.setString(1, tenantId);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getString(1), rows.getLong(2), rows.getObject(3, Long.class),
                                rows.getString(4), rows.getString(5)));
                    }
                }
                return entries;
            }
        });
    }

    long number(String sql, Object... parameters) {
        return transactions.executeRead(status -> {
            try (PreparedStatement select = status.getConnection().prepareStatement(sql)) {
                bind(select, parameters);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    void update(String sql, Object... parameters) {
        transactions.executeWrite(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
