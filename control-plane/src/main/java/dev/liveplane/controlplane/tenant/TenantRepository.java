package dev.liveplane.controlplane.tenant;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Stores tenants. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface TenantRepository extends CrudRepository<TenantRow, String> {

    boolean existsBySlug(String slug);

    @Query("SELECT * FROM tenants WHERE id > :afterId ORDER BY id LIMIT :limit")
    List<TenantRow> findPage(String afterId, int limit);
}
