package dev.liveplane.controlplane.config;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** Reads and increments the single row of {@code config_version}; other features go through {@link ConfigVersion}. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ConfigVersionRepository extends GenericRepository<ConfigVersionRow, Integer> {

    @Query("UPDATE config_version SET version = version + 1 WHERE id = 1")
    void bump();

    @Query("SELECT version FROM config_version WHERE id = 1")
    long current();
}
