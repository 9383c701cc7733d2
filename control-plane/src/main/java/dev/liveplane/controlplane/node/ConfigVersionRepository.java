package dev.liveplane.controlplane.node;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/**
 * The version of the nodes' config snapshot. Whatever changes what a node must enforce (a domain, its keys, a
 * forbid, a suspension) calls {@link #bump()} in the same transaction, so the new version is never seen before the
 * change itself; nodes long-polling on the old version then fetch the new snapshot.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ConfigVersionRepository extends GenericRepository<ConfigVersionRow, Integer> {

    @Query("UPDATE config_version SET version = version + 1 WHERE id = 1")
    void bump();

    @Query("SELECT version FROM config_version WHERE id = 1")
    long current();
}
