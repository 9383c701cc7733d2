package dev.liveplane.controlplane.recording;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores recording rules; a domain's rules go with it ({@code ON DELETE CASCADE}). */
@JdbcRepository(dialect = Dialect.MYSQL)
interface RecordingRuleRepository extends GenericRepository<RecordingRuleRow, String> {

    /** Most general first: the domain's rule, then apps', then streams'. */
    @Query("SELECT * FROM recording_rules WHERE domain_id = :domainId ORDER BY CASE WHEN app = '*' THEN 0"
            + " WHEN stream = '*' THEN 1 ELSE 2 END, app, stream")
    List<RecordingRuleRow> findByDomain(String domainId);

    @Query("SELECT * FROM recording_rules WHERE domain_id = :domainId AND app = :app AND stream = :stream")
    Optional<RecordingRuleRow> find(String domainId, String app, String stream);

    /** Replaces the rule of the same domain, app and stream, keeping its id. */
    @Query("INSERT INTO recording_rules (id, tenant_id, domain_id, app, stream, enabled, policy, formats,"
            + " cycle_seconds, hls_segment_seconds, key_template, reconnect_window_seconds,"
            + " thumbnail_interval_seconds, updated_at) VALUES (:id, :tenantId, :domainId, :app, :stream, :enabled,"
            + " :policy, :formats, :cycleSeconds, :hlsSegmentSeconds, :keyTemplate, :reconnectWindowSeconds,"
            + " :thumbnailIntervalSeconds, :updatedAt) ON DUPLICATE KEY UPDATE enabled = VALUES(enabled),"
            + " policy = VALUES(policy), formats = VALUES(formats), cycle_seconds = VALUES(cycle_seconds),"
            + " hls_segment_seconds = VALUES(hls_segment_seconds), key_template = VALUES(key_template),"
            + " reconnect_window_seconds = VALUES(reconnect_window_seconds),"
            + " thumbnail_interval_seconds = VALUES(thumbnail_interval_seconds), updated_at = VALUES(updated_at)")
    void upsert(String id, String tenantId, String domainId, String app, String stream, boolean enabled,
            String policy, String formats, int cycleSeconds, int hlsSegmentSeconds, String keyTemplate,
            int reconnectWindowSeconds, int thumbnailIntervalSeconds, Instant updatedAt);

    @Query("DELETE FROM recording_rules WHERE domain_id = :domainId AND app = :app AND stream = :stream")
    int delete(String domainId, String app, String stream);

    /** Every enabled rule; the snapshot keeps those of the enabled push domains it serves. */
    @Query("SELECT * FROM recording_rules WHERE enabled = TRUE ORDER BY domain_id, app, stream")
    List<RecordingRuleRow> findEnabled();
}
