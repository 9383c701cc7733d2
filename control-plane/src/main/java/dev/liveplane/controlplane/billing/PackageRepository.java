package dev.liveplane.controlplane.billing;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores the tenants' traffic packages. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface PackageRepository extends CrudRepository<PackageRow, String> {

    /** Newest first: ids sort by creation time, so the page continues below the last id shown. */
    @Query("SELECT * FROM traffic_packages WHERE tenant_id = :tenantId AND (:beforeId = '' OR id < :beforeId)"
            + " ORDER BY id DESC LIMIT :limit")
    List<PackageRow> findPage(String tenantId, String beforeId, int limit);

    /** The packages traffic can still be taken from, in the order it is taken: earliest expiry first. */
    @Query("SELECT * FROM traffic_packages WHERE tenant_id = :tenantId AND expires_at > :now AND remaining_bytes > 0"
            + " ORDER BY expires_at, id")
    List<PackageRow> findUsable(String tenantId, Instant now);

    Optional<PackageRow> findByTenantIdAndIdempotencyKey(String tenantId, String idempotencyKey);
}
