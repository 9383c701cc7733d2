package dev.liveplane.controlplane.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;

/** Stores forbidden streams. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ForbiddenStreamRepository extends GenericRepository<ForbiddenStreamRow, String> {

    /** Forbidding again replaces the forbid (and takes it over, should the domain have changed hands). */
    @Query("INSERT INTO forbidden_streams (id, tenant_id, domain, app, stream, until_at, reason, created_at)"
            + " VALUES (:id, :tenantId, :domain, :app, :stream, :untilAt, :reason, :createdAt)"
            + " ON DUPLICATE KEY UPDATE tenant_id = VALUES(tenant_id), until_at = VALUES(until_at),"
            + " reason = VALUES(reason), created_at = VALUES(created_at)")
    void upsert(String id, String tenantId, String domain, String app, String stream, @Nullable Instant untilAt,
            @Nullable String reason, Instant createdAt);

    @Query("DELETE FROM forbidden_streams WHERE tenant_id = :tenantId AND domain = :domain AND app = :app"
            + " AND stream = :stream")
    int delete(String tenantId, String domain, String app, String stream);

    @Query("SELECT * FROM forbidden_streams WHERE tenant_id = :tenantId AND (:domain IS NULL OR domain = :domain)"
            + " AND (until_at IS NULL OR until_at > :now)"
            + " AND (domain > :afterDomain OR (domain = :afterDomain AND (app > :afterApp"
            + " OR (app = :afterApp AND stream > :afterStream))))"
            + " ORDER BY domain, app, stream LIMIT :limit")
    List<ForbiddenStreamRow> findPage(String tenantId, @Nullable String domain, Instant now, String afterDomain,
            String afterApp, String afterStream, int limit);

    @Query("DELETE FROM forbidden_streams WHERE until_at IS NOT NULL AND until_at <= :now")
    int deleteExpired(Instant now);

    /** The streams a tenant forbids on a domain, expired or not. */
    @Query("SELECT * FROM forbidden_streams WHERE tenant_id = :tenantId AND domain = :domain")
    List<ForbiddenStreamRow> findByDomain(String tenantId, String domain);

    /** A removed domain's forbids, which must not apply to whoever registers the name next. */
    @Query("DELETE FROM forbidden_streams WHERE tenant_id = :tenantId AND domain = :domain")
    int deleteByDomain(String tenantId, String domain);

    /** Forbids whose domain was deleted (or now belongs to another tenant) since. */
    @Query("DELETE FROM forbidden_streams WHERE NOT EXISTS (SELECT 1 FROM domains d"
            + " WHERE d.name = forbidden_streams.domain AND d.tenant_id = forbidden_streams.tenant_id)")
    int deleteOrphans();
}
