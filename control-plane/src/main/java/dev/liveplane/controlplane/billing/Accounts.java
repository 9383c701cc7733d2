package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Reads a tenant's account, its packages and its ledger (never moves anything). */
@Singleton
public class Accounts {

    private final TransactionOperations<Connection> transactions;
    private final PackageRepository packages;
    private final Statements statements;
    private final BillingConfiguration config;

    Accounts(TransactionOperations<Connection> transactions, PackageRepository packages, Statements statements,
            BillingConfiguration config) {
        this.transactions = transactions;
        this.packages = packages;
        this.statements = statements;
        this.config = config;
    }

    public Account account(String tenantId) {
        return transactions.executeRead(status -> {
            Connection connection = status.getConnection();
            Instant now = Times.now();
            try {
                Standing.Figures figures = Standing.figures(connection, tenantId, now);
                List<TrafficPackage> usable = packages.findUsable(tenantId, now).stream()
                        .map(TrafficPackage::of).toList();
                boolean[] flags = flags(connection, tenantId);
                return new Account(tenantId, config.getCurrency(), figures.balance(), figures.packageBytes(), usable,
                        flags[0], flags[1], statements.charges(connection, tenantId,
                                YearMonth.from(now.atZone(ZoneOffset.UTC))));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the account of tenant " + tenantId, e);
            }
        });
    }

    /** The tenant's packages, newest first. */
    public Slice<TrafficPackage> packages(String tenantId, int size, String beforeId) {
        return Slice.of(packages.findPage(tenantId, beforeId, size + 1), size, PackageRow::id)
                .map(TrafficPackage::of);
    }

    /** The tenant's ledger, newest first. */
    public Slice<LedgerEntry> ledger(String tenantId, int size, String beforeId) {
        return transactions.executeRead(status -> {
            List<LedgerEntry> entries = new ArrayList<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("SELECT id, kind, amount,"
                    + " balance_after, bytes, package_id, reason, statement_month, created_at FROM ledger_entries"
                    + " WHERE tenant_id = ? AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?")) {
                select.setString(1, tenantId);
                select.setString(2, beforeId);
                select.setString(3, beforeId);
                select.setInt(4, size + 1);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long bytes = rows.getLong(5);
                        Long nullableBytes = rows.wasNull() ? null : bytes;
                        Timestamp at = rows.getTimestamp(9);
                        entries.add(new LedgerEntry(rows.getString(1), tenantId, EntryKind.ofColumn(rows.getString(2)),
                                rows.getLong(3), rows.getLong(4), nullableBytes, rows.getString(6),
                                rows.getString(7), YearMonth.parse(rows.getString(8)), at.toInstant()));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the ledger of tenant " + tenantId, e);
            }
            return Slice.of(entries, size, LedgerEntry::id);
        });
    }

    private static boolean[] flags(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT suspended, quota_low FROM tenant_standing WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new boolean[] {rows.getBoolean(1), rows.getBoolean(2)} : new boolean[2];
            }
        }
    }
}
