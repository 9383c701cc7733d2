package dev.liveplane.controlplane.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Stores domains. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface DomainRepository extends CrudRepository<DomainRow, String> {

    Optional<DomainRow> findByTenantIdAndName(String tenantId, String name);

    boolean existsByName(String name);

    boolean existsByPushDomain(String pushDomain);

    @Query("SELECT * FROM domains WHERE tenant_id = :tenantId AND (:type IS NULL OR type = :type)"
            + " AND name > :afterName ORDER BY name LIMIT :limit")
    List<DomainRow> findPage(String tenantId, @Nullable String type, String afterName, int limit);

    @Query("SELECT * FROM domains WHERE verified_at IS NOT NULL AND id > :afterId ORDER BY id LIMIT :limit")
    List<DomainRow> findVerified(String afterId, int limit);
}
