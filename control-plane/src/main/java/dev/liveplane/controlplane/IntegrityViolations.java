package dev.liveplane.controlplane;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/**
 * Recognises an integrity-constraint violation (a duplicate unique key, a foreign key with nothing to point at)
 * under whatever the data layer wrapped it in, on MySQL, MariaDB and H2 alike.
 */
public final class IntegrityViolations {

    // SQLSTATE class 23 is "integrity constraint violation".
    private static final String INTEGRITY_CLASS = "23";

    private IntegrityViolations() {
    }

    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(INTEGRITY_CLASS)) {
                return true;
            }
        }
        return false;
    }
}
