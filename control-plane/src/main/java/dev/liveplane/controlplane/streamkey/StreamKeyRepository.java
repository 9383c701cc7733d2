package dev.liveplane.controlplane.streamkey;

import dev.liveplane.controlplane.domain.TenantDomain;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Stores stream keys. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface StreamKeyRepository extends CrudRepository<StreamKeyRow, String> {

    @Query("SELECT * FROM stream_keys WHERE domain_id = :domainId AND id > :afterId ORDER BY id LIMIT :limit")
    List<StreamKeyRow> findPage(String domainId, String afterId, int limit);

    Optional<StreamKeyRow> findByIdAndDomainId(String id, String domainId);

    int deleteByIdAndDomainId(String id, String domainId);

    /**
     * The keys nodes accept, with their push domain's name: only of push domains the snapshot serves, and of the
     * tenant that holds the domain now.
     */
    @Query("SELECT k.id, d.name AS domain, k.app, k.stream, k.secret_hash FROM stream_keys k JOIN domains d"
            + " ON d.id = k.domain_id AND d.tenant_id = k.tenant_id WHERE d.type = '" + TenantDomain.PUSH + "'"
            + " ORDER BY k.id")
    List<ActiveStreamKey> findActive();

    /** Of {@link #findActive}, those with one of {@code ids}. */
    @Query("SELECT k.id, d.name AS domain, k.app, k.stream, k.secret_hash FROM stream_keys k JOIN domains d"
            + " ON d.id = k.domain_id AND d.tenant_id = k.tenant_id WHERE d.type = '" + TenantDomain.PUSH + "'"
            + " AND k.id IN (:ids) ORDER BY k.id")
    List<ActiveStreamKey> findActiveByIds(Collection<String> ids);

    @Query("SELECT id FROM stream_keys WHERE domain_id = :domainId")
    List<String> findIdsByDomainId(String domainId);
}
