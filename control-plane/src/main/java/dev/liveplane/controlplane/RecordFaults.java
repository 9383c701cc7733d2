package dev.liveplane.controlplane;

import java.sql.SQLException;

/**
 * Tells a failure that some record of a batch caused (a value the database refuses, a constraint, a bug that a value
 * trips) from one that any batch would meet now (the database unreachable, a lock timeout, a deadlock): the first
 * kind is worth splitting the batch to find the record, the second is answered 5xx for the node to retry.
 */
public final class RecordFaults {

    // SQLSTATE classes 22 (data exception: too long, out of range, bad datetime) and 23 (integrity constraint).
    private static final String DATA_CLASS = "22";
    private static final String INTEGRITY_CLASS = "23";
    // MySQL/MariaDB report "Incorrect string value" (ER_TRUNCATED_WRONG_VALUE_FOR_FIELD) with SQLSTATE HY000.
    private static final int MYSQL_INCORRECT_STRING = 1366;

    private RecordFaults() {
    }

    public static boolean causedByRecord(Throwable failure) {
        SQLException sql = null;
        for (Throwable t = failure; t != null && sql == null; t = t.getCause()) {
            if (t instanceof SQLException found) {
                sql = found;
            }
        }
        if (sql == null) {
            // Not the database at all: our own code failed on something in the batch.
            return failure instanceof RuntimeException;
        }
        String state = sql.getSQLState();
        return (state != null && (state.startsWith(DATA_CLASS) || state.startsWith(INTEGRITY_CLASS)))
                || sql.getErrorCode() == MYSQL_INCORRECT_STRING;
    }

    /** The innermost message, which names the column or constraint, for the operator. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
