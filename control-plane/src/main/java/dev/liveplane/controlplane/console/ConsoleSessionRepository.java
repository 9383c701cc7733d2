package dev.liveplane.controlplane.console;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Stores console sessions. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ConsoleSessionRepository extends CrudRepository<ConsoleSessionRow, String> {

    /** Forgets sessions that ended (a few at a time, on each log-in: nobody can use them any more). */
    @Query("DELETE FROM console_sessions WHERE expires_at < :now LIMIT 100")
    void deleteEndedBefore(Instant now);
}
