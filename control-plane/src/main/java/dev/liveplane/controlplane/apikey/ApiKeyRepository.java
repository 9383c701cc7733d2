package dev.liveplane.controlplane.apikey;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

/** Stores API keys. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ApiKeyRepository extends CrudRepository<ApiKeyRow, String> {

    @Query("SELECT * FROM api_keys WHERE tenant_id = :tenantId AND id > :afterId ORDER BY id LIMIT :limit")
    List<ApiKeyRow> findPage(String tenantId, String afterId, int limit);

    int deleteByIdAndTenantId(String id, String tenantId);

    /** Records a use, at most once per {@code staleBefore} period, so busy keys do not write on every request. */
    @Query("UPDATE api_keys SET last_used_at = :now WHERE id = :id"
            + " AND (last_used_at IS NULL OR last_used_at < :staleBefore)")
    void touch(String id, Instant now, Instant staleBefore);
}
