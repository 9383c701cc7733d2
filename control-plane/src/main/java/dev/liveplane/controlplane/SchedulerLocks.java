package dev.liveplane.controlplane;

import io.micronaut.context.annotation.Factory;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbc.micronaut.MicronautJdbcLockProvider;

/**
 * Turns the shared database into the lock that a {@code @SchedulerLock} job takes before it runs, so a job that must
 * run once fleet-wide runs on one control-plane instance per period however many share the database (ShedLock, one
 * row per job in {@code shedlock}, V10). A job that is per-instance by nature (waking this instance's long polls,
 * refreshing this instance's caches) carries no lock; the README's "Several instances" lists which is which.
 */
@Factory
final class SchedulerLocks {

    @Singleton
    LockProvider lockProvider(TransactionOperations<Connection> transactions) {
        return new MicronautJdbcLockProvider(transactions, "shedlock");
    }
}
