package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores nodes. Every status change is one conditional UPDATE, so two control-plane instances judging the same node
 * at once never both act on it: the one whose UPDATE changed the row does.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
interface NodeRepository extends CrudRepository<NodeRow, String> {

    @Query("SELECT * FROM nodes WHERE revoked_at IS NULL AND id > :afterId ORDER BY id LIMIT :limit")
    List<NodeRow> findPage(String afterId, int limit);

    Optional<NodeRow> findByIdAndRevokedAtIsNull(String id);

    /** The node's row, locked until the transaction ends: one heartbeat or admin change at a time. */
    @Query("SELECT * FROM nodes WHERE id = :id AND revoked_at IS NULL FOR UPDATE")
    Optional<NodeRow> findForUpdate(String id);

    /**
     * Records a heartbeat. The status follows from the drain the operator asked for or the node announced, and a
     * SILENT node that speaks again is back.
     */
    @Query("UPDATE nodes SET last_heartbeat_at = :now, config_version = :configVersion, streams = :streams,"
            + " viewers = :viewers, status = CASE WHEN drain_requested OR :draining THEN 'DRAINING' ELSE 'HEALTHY' END"
            + " WHERE id = :id AND revoked_at IS NULL")
    int recordHeartbeat(String id, Instant now, long configVersion, int streams, int viewers, boolean draining);

    /**
     * A node registering again under the identity it held, with the bootstrap token that registered it: its new
     * address and ports, and a sign of life. 0 when there is no such active node of that token.
     */
    @Query("UPDATE nodes SET address = :address, rtmp_port = :rtmpPort, http_port = :httpPort, region = :region,"
            + " max_viewers = :maxViewers, max_ingest_kbps = :maxIngestKbps, version = :version,"
            + " last_heartbeat_at = :now, status = CASE WHEN drain_requested THEN 'DRAINING' ELSE 'HEALTHY' END"
            + " WHERE id = :id AND token_id = :tokenId AND revoked_at IS NULL")
    int registerAgain(String id, String tokenId, String address, int rtmpPort, int httpPort, String region,
            @Nullable Integer maxViewers, @Nullable Integer maxIngestKbps, @Nullable String version, Instant now);

    @Query("UPDATE nodes SET drain_requested = :drain, status = CASE"
            + " WHEN status = 'SILENT' THEN 'SILENT' WHEN :drain THEN 'DRAINING' ELSE 'HEALTHY' END"
            + " WHERE id = :id AND revoked_at IS NULL")
    int setDrainRequested(String id, boolean drain);

    @Query("UPDATE nodes SET revoked_at = :now, status = 'SILENT' WHERE id = :id AND revoked_at IS NULL")
    int revoke(String id, Instant now);

    /** Nodes in DNS or draining whose last word (heartbeat, else registration) came before {@code deadline}. */
    @Query("SELECT id FROM nodes WHERE status IN ('HEALTHY', 'DRAINING') AND revoked_at IS NULL"
            + " AND COALESCE(last_heartbeat_at, registered_at) < :deadline")
    List<String> findSilentSince(Instant deadline);

    /** Marks one node SILENT if it still is silent: 1 when this call did it, 0 when it spoke or another did. */
    @Query("UPDATE nodes SET status = 'SILENT' WHERE id = :id AND status IN ('HEALTHY', 'DRAINING')"
            + " AND revoked_at IS NULL AND COALESCE(last_heartbeat_at, registered_at) < :deadline")
    int silence(String id, Instant deadline);

    /** The addresses players should be sent to: healthy nodes nobody asked to drain. */
    @Query("SELECT DISTINCT address FROM nodes WHERE status = 'HEALTHY' AND NOT drain_requested"
            + " AND revoked_at IS NULL ORDER BY address")
    List<String> findServingAddresses();

    /**
     * The nodes a CDN may still send a viewer's requests to by the node's own name: every node not silent and not
     * deleted, draining ones included (their viewers' sessions run on until they end).
     */
    @Query("SELECT id, address FROM nodes WHERE status <> 'SILENT' AND revoked_at IS NULL ORDER BY id")
    List<NodeNameRow> findReachable();

    /**
     * The nodes heard from since {@code since} that a CDN may no longer reach (silent or deleted): whose names may still
     * be in DNS, whichever instance wrote them.
     */
    @Query("SELECT id, address FROM nodes WHERE (status = 'SILENT' OR revoked_at IS NOT NULL)"
            + " AND COALESCE(last_heartbeat_at, registered_at) >= :since")
    List<NodeNameRow> findRecentlyUnreachable(Instant since);

    /** Every node the fleet has known, and whether the operator deleted it. */
    @Query("SELECT id, revoked_at FROM nodes")
    List<NodeStandingRow> findStandings();

    /** The node a stream is published on, unless that node is silent or revoked (its streams are ending). */
    @Query("SELECT n.id, n.address, n.rtmp_port, n.http_port FROM online_streams o JOIN nodes n ON n.id = o.node_id"
            + " WHERE o.domain = :domain AND o.app = :app AND o.stream = :stream"
            + " AND n.status <> 'SILENT' AND n.revoked_at IS NULL")
    Optional<StreamOriginRow> findStreamOrigin(String domain, String app, String stream);
}
