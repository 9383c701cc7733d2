package dev.liveplane.controlplane.web;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

/** Stores remembered create responses. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface IdempotencyRepository extends CrudRepository<IdempotencyRecord, String> {

    void deleteByCreatedAtLessThan(Instant cutoff);
}
