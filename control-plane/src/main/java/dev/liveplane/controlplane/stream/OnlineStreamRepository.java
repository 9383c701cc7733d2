package dev.liveplane.controlplane.stream;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Collection;
import java.util.List;

/** Reads online streams, their viewers and the domains stream events name; batched writes are {@link OnlineStreamStore}'s. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface OnlineStreamRepository extends GenericRepository<OnlineStreamRow, String> {

    /** The domains a batch of events names, in one query however many events there are. */
    @Query("SELECT id, tenant_id, name, type FROM domains WHERE name IN (:names)")
    List<StreamDomain> findDomains(Collection<String> names);

    /** One page by domain, app and stream, each with its viewers summed over every node's last heartbeat. */
    @Query("SELECT o.id, o.tenant_id, o.domain, o.app, o.stream, o.node_id, o.started_at, o.client_address,"
            + " o.video_codec, o.width, o.height, o.frame_rate, o.audio_codec, o.sample_rate, o.channels,"
            + " o.bitrate_kbps, COALESCE((SELECT SUM(v.viewers) FROM stream_viewers v WHERE v.domain = o.domain"
            + " AND v.app = o.app AND v.stream = o.stream), 0) AS viewers"
            + " FROM online_streams o WHERE o.tenant_id = :tenantId AND (:domain IS NULL OR o.domain = :domain)"
            + " AND (o.domain > :afterDomain OR (o.domain = :afterDomain AND (o.app > :afterApp"
            + " OR (o.app = :afterApp AND o.stream > :afterStream))))"
            + " ORDER BY o.domain, o.app, o.stream LIMIT :limit")
    List<OnlineStreamRow> findPage(String tenantId, @Nullable String domain, String afterDomain, String afterApp,
            String afterStream, int limit);

    /** A lost node's streams, locked so that a republish elsewhere waits instead of being ended with them. */
    @Query("SELECT * FROM online_streams WHERE node_id = :nodeId FOR UPDATE")
    List<OnlineStreamRow> findByNodeIdForUpdate(String nodeId);

    /** A removed push domain's streams, locked so that a publish event recorded meanwhile waits for the removal. */
    @Query("SELECT * FROM online_streams WHERE domain = :domain AND tenant_id = :tenantId FOR UPDATE")
    List<OnlineStreamRow> findByDomainForUpdate(String tenantId, String domain);

    @Query("DELETE FROM online_streams WHERE domain = :domain AND tenant_id = :tenantId")
    void deleteByDomain(String tenantId, String domain);

    @Query("DELETE FROM stream_viewers WHERE domain = :domain")
    void deleteViewersByDomain(String domain);

    /** Nodes already judged gone (silent or deleted) that streams are still online on. */
    @Query("SELECT DISTINCT o.node_id FROM online_streams o JOIN nodes n ON n.id = o.node_id"
            + " WHERE n.status = 'SILENT'")
    List<String> findGoneNodesWithStreams();

    @Query("DELETE FROM online_streams WHERE node_id = :nodeId")
    void deleteByNodeId(String nodeId);

    @Query("DELETE FROM stream_viewers WHERE node_id = :nodeId")
    void deleteViewersByNodeId(String nodeId);
}
