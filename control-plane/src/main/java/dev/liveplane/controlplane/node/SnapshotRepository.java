package dev.liveplane.controlplane.node;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Reads what the nodes' config snapshot holds beside the domains themselves (the domain feature's
 * {@code ServedDomains}), a whole table per query. Every query is written out; {@link NodeRow} only roots the
 * repository.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
interface SnapshotRepository extends GenericRepository<NodeRow, String> {

    @Query("SELECT domain_id, scheme, validity_seconds, primary_key_sealed, secondary_key_sealed"
            + " FROM domain_signing")
    List<SnapshotRows.Signing> findSigning();

    @Query("SELECT domain_id, jwk FROM domain_jwt_keys ORDER BY domain_id, created_at, kid")
    List<SnapshotRows.JwtKey> findJwtKeys();

    /** Forbids in force of the tenant that holds each name now: another's left over from before must not apply. */
    @Query("SELECT f.domain, f.app, f.stream, f.until_at FROM forbidden_streams f JOIN domains d"
            + " ON d.name = f.domain AND d.tenant_id = f.tenant_id WHERE f.until_at IS NULL OR f.until_at > :now"
            + " ORDER BY f.domain, f.app, f.stream")
    List<SnapshotRows.Forbidden> findForbidden(Instant now);

    @Query("SELECT domain_id, scheme, validity_seconds, primary_key_sealed, secondary_key_sealed"
            + " FROM domain_signing WHERE domain_id IN (:domainIds)")
    List<SnapshotRows.Signing> findSigningOf(Collection<String> domainIds);

    @Query("SELECT domain_id, jwk FROM domain_jwt_keys WHERE domain_id IN (:domainIds)"
            + " ORDER BY domain_id, created_at, kid")
    List<SnapshotRows.JwtKey> findJwtKeysOf(Collection<String> domainIds);

    /** Of {@link #findForbidden}, those on one of {@code domains}. */
    @Query("SELECT f.domain, f.app, f.stream, f.until_at FROM forbidden_streams f JOIN domains d"
            + " ON d.name = f.domain AND d.tenant_id = f.tenant_id WHERE f.domain IN (:domains)"
            + " AND (f.until_at IS NULL OR f.until_at > :now) ORDER BY f.domain, f.app, f.stream")
    List<SnapshotRows.Forbidden> findForbiddenOn(Collection<String> domains, Instant now);
}
