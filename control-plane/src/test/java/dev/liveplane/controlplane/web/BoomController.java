package dev.liveplane.controlplane.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** Routes that fail the way a bug, or the database, would, for tests of what a failing request answers and logs. */
@Requires(property = "liveplane.test.boom-route", value = "true")
@Controller("/test/boom")
final class BoomController {

    private final DataSource dataSource;

    BoomController(DataSource dataSource) {
        // The pool itself: each transaction below holds its own connection, outside any of the application's.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    @Get
    String boom() {
        throw new IllegalStateException("a bug, failing the same way on every retry");
    }

    /**
     * Two transactions lock two rows in opposite orders, so the database rolls one of them back to break the
     * deadlock; that one's failure is thrown, as a repository's would be.
     */
    @Get("/deadlock")
    @ExecuteOn(TaskExecutors.BLOCKING)
    String deadlock() throws Exception {
        try (Connection setup = dataSource.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS test_boom_locks (id INT PRIMARY KEY)");
            statement.execute("INSERT IGNORE INTO test_boom_locks (id) VALUES (1), (2)");
        }
        CountDownLatch bothHoldOne = new CountDownLatch(2);
        CompletableFuture<SQLException> first = CompletableFuture.supplyAsync(() -> lockBoth(1, 2, bothHoldOne));
        SQLException second = lockBoth(2, 1, bothHoldOne);
        SQLException victim = second != null ? second : first.get(30, TimeUnit.SECONDS);
        if (victim == null) {
            throw new IllegalStateException("no deadlock");
        }
        throw new IllegalStateException("lost a deadlock", victim);
    }

    private SQLException lockBoth(int mine, int theirs, CountDownLatch bothHoldOne) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT id FROM test_boom_locks WHERE id = " + mine + " FOR UPDATE").close();
                bothHoldOne.countDown();
                bothHoldOne.await(10, TimeUnit.SECONDS);
                statement.executeQuery("SELECT id FROM test_boom_locks WHERE id = " + theirs + " FOR UPDATE")
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
}
