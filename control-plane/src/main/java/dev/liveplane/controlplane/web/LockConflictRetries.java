package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.LockConflicts;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request's work again when the database rolls it back to break a deadlock or a lock wait
 * ({@link LockConflicts}): a balance adjustment or a package purchase locks the tenant's ledger, and so does the
 * traffic charger, so the two sometimes deadlock and one loses. Only for work that is one transaction from start to
 * end (rolled back whole, idempotency record included): work that commits part of itself first would repeat that
 * part. After {@value #ATTEMPTS} attempts the caller is answered 503 with {@code Retry-After}, since nothing changed.
 */
public final class LockConflictRetries {

    private static final Logger LOG = LoggerFactory.getLogger(LockConflictRetries.class);
    static final int ATTEMPTS = 3;

    private LockConflictRetries() {
    }

    public static <T> T run(String what, Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (!LockConflicts.is(e)) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    LOG.warn("lost a lock conflict {} times, nothing changed work={}", ATTEMPTS, what);
                    throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "Other changes to the same account"
                            + " ran at the same moment, so this one was rolled back and changed nothing; send it"
                            + " again", List.of(), Map.of("Retry-After", "1"));
                }
                LOG.debug("lost a lock conflict, running it again work={} attempt={}", what, attempt, e);
            }
        }
    }
}
