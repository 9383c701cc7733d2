package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.node.NodeSilenced;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends streams recorded on a node after it was judged gone, which no {@link NodeSilenced} will come for: a late event
 * batch from a node already silent, or a publish another instance accepted from a deleted node within its
 * revocation cache's few seconds. Each sweep ends them as their node's own streams were ended ({@code unpublish},
 * reason {@code node_lost} or {@code node_deleted}); a silent node that heartbeats again re-announces what it still
 * publishes.
 */
@Singleton
class StragglerStreamSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(StragglerStreamSweeper.class);
    // The node's row first, then its streams, as a heartbeat and the silencing lock them: no deadlock between them,
    // and a heartbeat bringing the node back either commits first (the node is no longer silent) or waits.
    private static final String LOCK_GONE_NODE = "SELECT revoked_at IS NOT NULL FROM nodes"
            + " WHERE id = ? AND status = 'SILENT' FOR UPDATE";

    private final OnlineStreamRepository repository;
    private final EndedStreamHooks hooks;
    private final TransactionOperations<Connection> transactions;

    StragglerStreamSweeper(OnlineStreamRepository repository, EndedStreamHooks hooks,
            TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.hooks = hooks;
        this.transactions = transactions;
    }

    @Scheduled(fixedDelay = "${liveplane.fleet.sweep-interval:2s}", initialDelay = "3s")
    @SchedulerLock(name = "straggler-stream-sweep",
            lockAtLeastFor = "${liveplane.fleet.sweep-interval:2s}",
            lockAtMostFor = "${liveplane.fleet.sweep-interval:2s}")
    void sweep() {
        for (String nodeId : repository.findGoneNodesWithStreams()) {
            int ended = transactions.executeWrite(status -> {
                String reason = goneReason(status.getConnection(), nodeId);
                if (reason == null) {
                    return 0; // back meanwhile
                }
                List<OnlineStreamRow> rows = repository.findByNodeIdForUpdate(nodeId);
                repository.deleteByNodeId(nodeId);
                hooks.enqueue(rows, reason);
                return rows.size();
            });
            if (ended > 0) {
                LOG.info("streams recorded on a gone node ended node={} streams={}", nodeId, ended);
            }
        }
    }

    /** With the node's row locked: why it is gone, or null if it is not (any more). */
    private static String goneReason(Connection connection, String nodeId) {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_GONE_NODE)) {
            lock.setString(1, nodeId);
            try (ResultSet row = lock.executeQuery()) {
                return !row.next() ? null : row.getBoolean(1) ? NodeSilenced.DELETED : NodeSilenced.LOST;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock node " + nodeId, e);
        }
    }
}
