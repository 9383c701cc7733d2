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
}
