package dev.liveplane.controlplane;

import java.sql.SQLException;

/**
 * Recognises a transaction the database rolled back to break a lock conflict (a deadlock, a lock wait timeout), on
 * MySQL, MariaDB and H2: running it again is the cure.
 */
public final class LockConflicts {

    // SQLSTATE 40001: serialization failure (deadlock); MySQL/MariaDB 1213 deadlock, 1205 lock wait timeout;
    // H2 40001 deadlock, 50200 lock timeout.
    private static final String SERIALIZATION = "40001";
    private static final int MYSQL_DEADLOCK = 1213;
    private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;
    private static final int H2_LOCK_TIMEOUT = 50200;

    private LockConflicts() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (SERIALIZATION.equals(sql.getSQLState())
                    || sql.getErrorCode() == MYSQL_DEADLOCK || sql.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT
                    || sql.getErrorCode() == H2_LOCK_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }
}
