package dev.liveplane.controlplane.recording;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.Optional;

/** Stores the streams recorded by hand now; they go with their domain ({@code ON DELETE CASCADE}). */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ManualRecordingRepository extends GenericRepository<ManualRecordingRow, String> {

    ManualRecordingRow save(ManualRecordingRow row);

    @Query("SELECT * FROM manual_recordings WHERE domain_id = :domainId AND app = :app AND stream = :stream")
    Optional<ManualRecordingRow> find(String domainId, String app, String stream);

    @Query("DELETE FROM manual_recordings WHERE domain_id = :domainId AND app = :app AND stream = :stream")
    int delete(String domainId, String app, String stream);

    @Query("SELECT * FROM manual_recordings ORDER BY domain_id, app, stream")
    List<ManualRecordingRow> findAll();
}
