package dev.liveplane.controlplane.signing;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Stores domains' signing settings. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface SigningRepository extends CrudRepository<SigningRow, String> {

    /** The settings, locked until the transaction ends: changes to one domain's keys happen one at a time. */
    @Query("SELECT * FROM domain_signing WHERE domain_id = :domainId FOR UPDATE")
    Optional<SigningRow> findForUpdate(String domainId);

    /**
     * The tenant's domain of that name with its settings, in one round trip: minting is the busiest route, and
     * two lookups (domain, then settings) would double its database time.
     */
    @Query("SELECT d.id AS domain_id, d.name, d.type, s.scheme, s.validity_seconds, s.primary_key_sealed,"
            + " s.secondary_key_sealed FROM domains d JOIN domain_signing s ON s.domain_id = d.id"
            + " WHERE d.tenant_id = :tenantId AND d.name = :name")
    Optional<MintingRow> findForMinting(String tenantId, String name);
}
