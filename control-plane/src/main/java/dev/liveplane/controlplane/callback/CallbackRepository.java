package dev.liveplane.controlplane.callback;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;

/** Stores domains' webhook settings. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface CallbackRepository extends CrudRepository<CallbackRow, String> {

    /** The settings of every domain in one batch of stream events, in one query. */
    @Query("SELECT * FROM domain_callbacks WHERE domain_id IN (:domainIds)")
    List<CallbackRow> findByDomainIds(Collection<String> domainIds);
}
