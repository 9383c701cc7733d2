package dev.liveplane.controlplane.tenant;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Stores users. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface UserRepository extends CrudRepository<UserRow, String> {

    Optional<UserRow> findByEmail(String email);

    boolean existsByEmail(String email);
}
