package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.LockConflicts;
import dev.liveplane.controlplane.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Work that loses a real deadlock in the test database (two transactions locking two rows in opposite orders, one of
 * them rolled back by the database) is run again, and answered 503 with {@code Retry-After} only when it lost every
 * attempt; any other failure is not retried.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockConflictRetriesTest {

    @BeforeAll
    void rows() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS test_lock_conflicts (id INT PRIMARY KEY)");
            statement.execute("INSERT IGNORE INTO test_lock_conflicts (id) VALUES (1), (2)");
        }
    }

    @Test
    void workThatLostADeadlockIsRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        String result = LockConflictRetries.run("test", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw deadlock();
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void workThatLosesEveryAttemptIsAnswered503() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> LockConflictRetries.run("test", () -> {
            attempts.incrementAndGet();
            throw deadlock();
        })).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.type()).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
            assertThat(problem.headers()).containsEntry("Retry-After", "1");
        });
        assertThat(attempts).hasValue(LockConflictRetries.ATTEMPTS);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> LockConflictRetries.run("test", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("a bug");
        })).hasMessage("a bug");
        assertThat(attempts).hasValue(1);
    }

    /** The failure of the transaction the database rolled back to break a deadlock, as a repository throws it. */
    private static RuntimeException deadlock() {
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<SQLException> first = CompletableFuture.supplyAsync(() -> lockBoth(1, 2, bothHoldOne));
        SQLException second = lockBoth(2, 1, bothHoldOne);
        SQLException victim = second != null ? second : first.join();
        assertThat(victim != null).as("one of the two transactions lost").isTrue();
        RuntimeException failure = new IllegalStateException("lost a deadlock", victim);
        assertThat(LockConflicts.is(failure)).as("the database's own deadlock error: %s", victim).isTrue();
        return failure;
    }

    private static SQLException lockBoth(int mine, int theirs, CountDownLatch bothHoldOne) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT id FROM test_lock_conflicts WHERE id = " + mine + " FOR UPDATE")
                        .close();
                bothHoldOne.countDown();
                bothHoldOne.await(10, TimeUnit.SECONDS);
                statement.executeQuery("SELECT id FROM test_lock_conflicts WHERE id = " + theirs + " FOR UPDATE")
                        .close();
                connection.commit();
                return null;
            } catch (SQLException e) {
                connection.rollback();
                return e;
            }
        } catch (SQLException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }
}
