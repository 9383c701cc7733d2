package dev.liveplane.controlplane.recording;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and deletes indexed files; {@link RecordingIndex} writes them. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface RecordingRepository extends GenericRepository<RecordingRow, String> {

    Optional<RecordingRow> findByIdAndTenantId(String id, String tenantId);

    Optional<RecordingRow> findById(String id);

    /** One page of the tenant's files, newest start first, after the keyset ({@code afterStart}, {@code afterId}). */
    @Query("SELECT * FROM recordings WHERE tenant_id = :tenantId AND (:domain IS NULL OR domain = :domain)"
            + " AND (:app IS NULL OR app = :app) AND (:stream IS NULL OR stream = :stream)"
            + " AND (:sessionId IS NULL OR session_id = :sessionId) AND (:format IS NULL OR format = :format)"
            + " AND (:since IS NULL OR started_at >= :since) AND (:until IS NULL OR started_at < :until)"
            + " AND (:afterStart IS NULL OR started_at < :afterStart OR (started_at = :afterStart AND id < :afterId))"
            + " ORDER BY started_at DESC, id DESC LIMIT :limit")
    List<RecordingRow> findPage(String tenantId, @Nullable String domain, @Nullable String app,
            @Nullable String stream, @Nullable String sessionId, @Nullable String format, @Nullable Instant since,
            @Nullable Instant until, @Nullable Instant afterStart, @Nullable String afterId, int limit);

    /** A session's files of one format, in the order they were recorded. */
    @Query("SELECT * FROM recordings WHERE session_id = :sessionId AND format = :format ORDER BY sequence, started_at")
    List<RecordingRow> findBySessionAndFormat(String sessionId, String format);

    @Query("DELETE FROM recordings WHERE id = :id")
    int delete(String id);

    @Query("UPDATE recording_sessions SET files = files - 1, hls_files = hls_files - :hls WHERE id = :sessionId")
    void forget(String sessionId, int hls);
}
