package dev.liveplane.controlplane.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores domains. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface DomainRepository extends CrudRepository<DomainRow, String> {

    Optional<DomainRow> findByTenantIdAndName(String tenantId, String name);

    boolean existsByName(String name);

    Optional<DomainRow> findByName(String name);

    @Query("SELECT * FROM domains WHERE id = :id FOR UPDATE")
    Optional<DomainRow> findByIdForUpdate(String id);

    List<DomainRow> findByPushDomain(String pushDomain);

    /** Claims never verified and made before {@code before}: lapsed, oldest first. */
    @Query("SELECT * FROM domains WHERE verified_at IS NULL AND created_at < :before ORDER BY created_at, id"
            + " LIMIT :limit")
    List<DomainRow> findLapsed(Instant before, int limit);

    boolean existsByPushDomain(String pushDomain);

    /** What {@link ServedDomains#all} answers, as rows. */
    @Query("SELECT * FROM domains WHERE verified_at IS NOT NULL OR enabled = FALSE OR :includeUnverified"
            + " ORDER BY name")
    List<DomainRow> findServed(boolean includeUnverified);

    /** Of {@link #findServed}, those with one of {@code ids}. */
    @Query("SELECT * FROM domains WHERE id IN (:ids) AND (verified_at IS NOT NULL OR enabled = FALSE"
            + " OR :includeUnverified) ORDER BY name")
    List<DomainRow> findServedByIds(Collection<String> ids, boolean includeUnverified);

    @Query("SELECT * FROM domains WHERE tenant_id = :tenantId AND (:type IS NULL OR type = :type)"
            + " AND name > :afterName ORDER BY name LIMIT :limit")
    List<DomainRow> findPage(String tenantId, @Nullable String type, String afterName, int limit);

    @Query("SELECT * FROM domains WHERE verified_at IS NOT NULL AND id > :afterId ORDER BY id LIMIT :limit")
    List<DomainRow> findVerified(String afterId, int limit);

    /**
     * Sets what the tenant may change, and nothing else, so a concurrent check's outcome is not overwritten. The
     * lists come encoded by {@link LinesConverter#join}.
     */
    // Parameter names differ from the entity's properties, or Micronaut Data would apply the list converter again.
    @Query("UPDATE domains SET enabled = :enabled, referer_allow = :refererAllowLines,"
            + " referer_deny = :refererDenyLines, ip_allow = :ipAllowLines, ip_deny = :ipDenyLines WHERE id = :id")
    void updateSettings(String id, boolean enabled, String refererAllowLines, String refererDenyLines,
            String ipAllowLines, String ipDenyLines);

    /**
     * Records a check, and nothing else, so concurrent tenant changes survive it. Once set, {@code verified_at}
     * stays: a later failed check changes the CNAME status, not the verification.
     */
    @Query("UPDATE domains SET cname_status = :cnameStatus, last_checked_at = :checkedAt,"
            + " verified_at = COALESCE(verified_at, :verifiedAt) WHERE id = :id")
    void recordCheck(String id, String cnameStatus, Instant checkedAt, @Nullable Instant verifiedAt);
}
