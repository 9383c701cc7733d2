package dev.liveplane.controlplane.node;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Stores bootstrap tokens. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface NodeTokenRepository extends CrudRepository<NodeTokenRow, String> {

    @Query("SELECT * FROM node_tokens WHERE id > :afterId ORDER BY id LIMIT :limit")
    List<NodeTokenRow> findPage(String afterId, int limit);

    /** Revokes once: a second revoke keeps the first time. */
    @Query("UPDATE node_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
    int revoke(String id, Instant now);
}
