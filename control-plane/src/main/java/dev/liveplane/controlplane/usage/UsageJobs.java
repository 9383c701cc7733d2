package dev.liveplane.controlplane.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The lock rows of the jobs only one control plane instance may run at a time (V6's usage_jobs): a job's
 * transaction locks its row first, so another instance's run of the same job waits until this one commits.
 */
final class UsageJobs {

    private UsageJobs() {
    }

    /** Locks the job's row for the caller's transaction and notes when it ran. */
    static void lock(Connection connection, String job) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE usage_jobs SET last_run_at = ? WHERE name = ?")) {
            // An UPDATE takes the row's exclusive lock, as SELECT ... FOR UPDATE would, in one round trip.
            update.setObject(1, UsageSql.utc(Instant.now()));
            update.setString(2, job);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no usage_jobs row " + job + " (V6 creates it)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock usage job " + job, e);
        }
    }
}
