package dev.liveplane.controlplane.billing;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Stores the SKU catalog. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface SkuRepository extends CrudRepository<SkuRow, String> {

    @Query("SELECT * FROM skus WHERE id > :afterId ORDER BY id LIMIT :limit")
    List<SkuRow> findPage(String afterId, int limit);

    @Query("SELECT * FROM skus WHERE active = TRUE AND id > :afterId ORDER BY id LIMIT :limit")
    List<SkuRow> findActivePage(String afterId, int limit);
}
