package dev.liveplane.controlplane.config;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes and reads {@code config_changes}, what each config version changed. Written by {@link ConfigVersion#bump} in
 * the change's transaction; read by the node feature's deltas inside their read transaction, so the keys and the
 * version they lead to come from the same moment.
 */
@Singleton
public class ConfigChangeLog {

    private final TransactionOperations<Connection> transactions;
    private final ConfigVersionRepository versions;

    ConfigChangeLog(TransactionOperations<Connection> transactions, ConfigVersionRepository versions) {
        this.transactions = transactions;
        this.versions = versions;
    }

    /** The version now and the oldest version a delta may start from, in the caller's transaction. */
    public record Window(long version, long changesFrom) {

        /** Whether every change after {@code since} up to {@link #version} is logged. */
        public boolean covers(long since) {
            return since >= changesFrom && since <= version;
        }
    }

    public Window window() {
        ConfigVersionRow row = versions.find();
        return new Window(row.version(), row.changesFrom());
    }

    /** The distinct keys changed in versions after {@code since} up to {@code upTo}, in the caller's transaction. */
    public Set<ConfigChange> changedBetween(long since, long upTo) {
        return transactions.executeRead(status -> {
            Set<ConfigChange> changes = new LinkedHashSet<>();
            try (PreparedStatement select = status.getConnection().prepareStatement("SELECT DISTINCT kind, change_key"
                    + " FROM config_changes WHERE version > ? AND version <= ?")) {
                select.setLong(1, since);
                select.setLong(2, upTo);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        changes.add(new ConfigChange(ConfigChange.Kind.of(rows.getString(1)), rows.getString(2)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the config changes since version " + since, e);
            }
            return changes;
        });
    }

    void record(long version, Collection<ConfigChange> changes) {
        transactions.executeWrite(status -> {
            try (PreparedStatement insert = status.getConnection().prepareStatement(
                    "INSERT INTO config_changes (version, kind, change_key) VALUES (?, ?, ?)")) {
                for (ConfigChange change : new LinkedHashSet<>(changes)) {
                    insert.setLong(1, version);
                    insert.setString(2, change.kind().column());
                    insert.setString(3, change.key());
                    insert.addBatch();
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot log the changes of config version " + version, e);
            }
            return null;
        });
    }

    /**
     * Deletes the rows of versions up to the newest one logged before {@code before} or up to {@code current -
     * keepVersions}, whichever is higher, and raises the floor to it; answers the rows deleted.
     */
    public int prune(Instant before, long keepVersions) {
        return transactions.executeWrite(status -> {
            try {
                Connection connection = status.getConnection();
                long cut = Math.max(newestBefore(connection, before), versions.current() - keepVersions);
                if (cut <= versions.find().changesFrom()) {
                    return 0;
                }
                // The floor first: it takes config_version's lock, so no bump slips a row under the cut meanwhile.
                versions.raiseFloor(cut);
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM config_changes WHERE version <= ?")) {
                    delete.setLong(1, cut);
                    return delete.executeUpdate();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot prune the config change log", e);
            }
        });
    }

    private static long newestBefore(Connection connection, Instant before) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM config_changes WHERE changed_at < ?")) {
            select.setTimestamp(1, Timestamp.from(before));
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
