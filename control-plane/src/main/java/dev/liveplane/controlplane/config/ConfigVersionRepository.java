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

    /** The version and the oldest one from which the change log is complete, read together. */
    @Query("SELECT id, version, changes_from FROM config_version WHERE id = 1")
    ConfigVersionRow find();

    /** Raises the floor of the change log to {@code floor} (never lowers it). */
    @Query("UPDATE config_version SET changes_from = GREATEST(changes_from, :floor) WHERE id = 1")
    void raiseFloor(long floor);
}
