package dev.liveplane.controlplane;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/** Recognises a unique-key violation under whatever the data layer wrapped it in (MySQL, MariaDB and H2 alike). */
public final class DuplicateKeys {

    // SQLSTATE class 23 is "integrity constraint violation"; MySQL error 1062 is "duplicate entry".
    private static final int MYSQL_DUPLICATE_ENTRY = 1062;

    private DuplicateKeys() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() == MYSQL_DUPLICATE_ENTRY
                    || (sql.getSQLState() != null && sql.getSQLState().startsWith("23")))) {
                return true;
            }
        }
        return false;
    }
}
