package dev.liveplane.controlplane.signing;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Stores domains' JWT public keys. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface JwtKeyRepository extends CrudRepository<JwtKeyRow, String> {

    List<JwtKeyRow> findByDomainIdOrderByCreatedAt(String domainId);

    boolean existsByDomainIdAndKid(String domainId, String kid);

    int deleteByDomainIdAndKid(String domainId, String kid);
}
