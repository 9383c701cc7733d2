package dev.liveplane.controlplane.billing;

import dev.liveplane.controlplane.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/**
 * The one way a tenant's money or package bytes move. Inside the caller's write transaction, {@link #lock} takes the
 * tenant's account row (made at zero the first time) so the tenant's movements happen one after another on every
 * instance, and {@link #append} writes the entry and moves the cached balance by the same amount: the balance is
 * always the sum of the ledger.
 */
@Singleton
public class Ledger {

    private final TransactionOperations<Connection> transactions;

    Ledger(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Locks the tenant's account for the rest of the caller's transaction and answers its balance. */
    public long lock(String tenantId) {
        Connection connection = connection();
        try {
            if (!exists(connection, tenantId)) {
                open(tenantId);
            }
            Long balance = lockedBalance(connection, tenantId);
            if (balance == null) {
                throw new IllegalStateException("no billing account for tenant " + tenantId);
            }
            return balance;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the billing account of tenant " + tenantId, e);
        }
    }

    /**
     * Makes the account at zero in a transaction of its own, committed before the caller locks it: a locking read of
     * a missing row, or an insert beside another's, takes gap and shared locks that deadlock two first movements.
     */
    private void open(String tenantId) {
        transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> {
            try (PreparedStatement insert = status.getConnection().prepareStatement(
                    "INSERT IGNORE INTO billing_accounts (tenant_id, balance, updated_at) VALUES (?, 0, ?)")) {
                insert.setString(1, tenantId);
                insert.setTimestamp(2, Timestamp.from(now()));
                return insert.executeUpdate();
            }
        });
    }

    private static boolean exists(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM billing_accounts WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * Appends an entry after {@link #lock} in the same transaction and moves the balance by {@code amount}; answers
     * the entry with the balance after it.
     */
    public LedgerEntry append(String tenantId, EntryKind kind, long amount, @Nullable Long bytes,
            @Nullable String packageId, @Nullable String reason, YearMonth month) {
        Connection connection = connection();
        Instant now = now();
        try {
            long balance;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE billing_accounts SET balance = balance + ?, updated_at = ? WHERE tenant_id = ?")) {
                update.setLong(1, amount);
                update.setTimestamp(2, Timestamp.from(now));
                update.setString(3, tenantId);
                if (update.executeUpdate() != 1) {
                    throw new IllegalStateException("append before lock: no billing account for tenant " + tenantId);
                }
            }
            balance = lockedBalance(connection, tenantId);
            LedgerEntry entry = new LedgerEntry(Ids.next(), tenantId, kind, amount, balance, bytes, packageId,
                    reason, month, now);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ledger_entries (id, tenant_id,"
                    + " kind, amount, balance_after, bytes, package_id, reason, statement_month, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.id());
                insert.setString(2, tenantId);
                insert.setString(3, kind.column());
                insert.setLong(4, amount);
                insert.setLong(5, balance);
                insert.setObject(6, bytes);
                insert.setString(7, packageId);
                insert.setString(8, reason);
                insert.setString(9, month.toString());
                insert.setTimestamp(10, Timestamp.from(now));
                insert.executeUpdate();
            }
            return entry;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append a " + kind.column() + " entry for tenant " + tenantId, e);
        }
    }

    private static Long lockedBalance(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT balance FROM billing_accounts WHERE tenant_id = ? FOR UPDATE")) {
            select.setString(1, tenantId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private Connection connection() {
        if (transactions.findTransactionStatus().isEmpty()) {
            throw new IllegalStateException("ledger movements need the caller's transaction");
        }
        return transactions.getConnection();
    }

    private Instant now() {
        // Millisecond precision, as DATETIME(3) stores it, so an entry reads back as it was answered.
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
