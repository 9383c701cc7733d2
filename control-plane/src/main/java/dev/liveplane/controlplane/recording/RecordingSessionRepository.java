package dev.liveplane.controlplane.recording;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** Reads recording sessions; {@link RecordingIndex} opens and extends them. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface RecordingSessionRepository extends GenericRepository<RecordingSessionRow, String> {

    Optional<RecordingSessionRow> findByIdAndTenantId(String id, String tenantId);

    Optional<RecordingSessionRow> findById(String id);
}
