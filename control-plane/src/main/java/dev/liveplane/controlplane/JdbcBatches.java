package dev.liveplane.controlplane;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * Runs one SQL statement over many rows as JDBC batches, on the connection of the caller's transaction. Busy paths
 * (a node's event batch, its heartbeat) change hundreds of rows at once; one round trip per row would cap them far
 * below what a node sends.
 */
public final class JdbcBatches {

    /** Rows per {@code executeBatch}: large enough to amortize the round trip, small enough for any packet limit. */
    private static final int CHUNK = 500;

    private JdbcBatches() {
    }

    /** Sets the parameters of one row. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    public static <T> void run(Connection connection, String sql, List<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int pending = 0;
            for (T row : rows) {
                binder.bind(statement, row);
                statement.addBatch();
                if (++pending == CHUNK) {
                    statement.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("batch failed: " + sql, e);
        }
    }

    /** Binds an instant as Micronaut Data does, so rows written here read back equal through the repositories. */
    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant));
        }
    }

    public static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }
}
