package dev.liveplane.controlplane.billing;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;

/**
 * Monthly statements and the current month's charges, summed from the ledger by statement month (the month the
 * traffic was served, which a charge made just after the month ended still counts in).
 */
@Singleton
public class Statements {

    private final TransactionOperations<Connection> transactions;
    private final BillingConfiguration config;

    Statements(TransactionOperations<Connection> transactions, BillingConfiguration config) {
        this.transactions = transactions;
        this.config = config;
    }

    /** Sums of amount and bytes per kind in one month. */
    record Sums(Map<EntryKind, long[]> byKind) {
        long amount(EntryKind kind) {
            return byKind.getOrDefault(kind, new long[2])[0];
        }

        long bytes(EntryKind kind) {
            return byKind.getOrDefault(kind, new long[2])[1];
        }
    }

    public StatementFigures statement(String tenantId, YearMonth month) {
        return transactions.executeRead(status -> {
            try {
                Connection connection = status.getConnection();
                long opening = before(connection, tenantId, month);
                Sums sums = sums(connection, tenantId, month);
                long net = 0;
                for (long[] sum : sums.byKind().values()) {
                    net += sum[0];
                }
                return new StatementFigures(month, config.getCurrency(), opening, sums.amount(EntryKind.CREDIT),
                        -sums.amount(EntryKind.DEBIT), -sums.amount(EntryKind.PURCHASE),
                        sums.bytes(EntryKind.PACKAGE_USAGE), sums.bytes(EntryKind.PAYG), -sums.amount(EntryKind.PAYG),
                        opening + net);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot sum the ledger of tenant " + tenantId, e);
            }
        });
    }

    MonthCharges charges(Connection connection, String tenantId, YearMonth month) throws SQLException {
        Sums sums = sums(connection, tenantId, month);
        return new MonthCharges(month, -sums.amount(EntryKind.PURCHASE), sums.bytes(EntryKind.PACKAGE_USAGE),
                sums.bytes(EntryKind.PAYG), -sums.amount(EntryKind.PAYG));
    }

    private static long before(Connection connection, String tenantId, YearMonth month) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(SUM(amount), 0)"
                + " FROM ledger_entries WHERE tenant_id = ? AND statement_month < ?")) {
            select.setString(1, tenantId);
            select.setString(2, month.toString());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Sums sums(Connection connection, String tenantId, YearMonth month) throws SQLException {
        Map<EntryKind, long[]> byKind = new EnumMap<>(EntryKind.class);
        try (PreparedStatement select = connection.prepareStatement("SELECT kind, COALESCE(SUM(amount), 0),"
                + " COALESCE(SUM(bytes), 0) FROM ledger_entries WHERE tenant_id = ? AND statement_month = ?"
                + " GROUP BY kind")) {
            select.setString(1, tenantId);
            select.setString(2, month.toString());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byKind.put(EntryKind.ofColumn(rows.getString(1)), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        return new Sums(byKind);
    }
}
