package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.node.NodeSilenced;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the streams of a node that is gone (silent or deleted): removes its online streams and viewer counts and
 * tells the tenants' webhooks {@code unpublish} with the reason the node went ({@code node_lost},
 * {@code node_deleted}).
 */
@Singleton
final class LostNodeSweeper {

    private static final Logger LOG = LoggerFactory.getLogger(LostNodeSweeper.class);

    private final OnlineStreamRepository repository;
    private final EndedStreamHooks hooks;
    private final TransactionOperations<Connection> transactions;

    LostNodeSweeper(OnlineStreamRepository repository, EndedStreamHooks hooks,
            TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.hooks = hooks;
        this.transactions = transactions;
    }

    @EventListener
    void onSilenced(NodeSilenced silenced) {
        String nodeId = silenced.nodeId();
        int ended = transactions.executeWrite(status -> {
            List<OnlineStreamRow> rows = repository.findByNodeIdForUpdate(nodeId);
            repository.deleteByNodeId(nodeId);
            repository.deleteViewersByNodeId(nodeId);
            hooks.enqueue(rows, silenced.reason());
            return rows.size();
        });
        LOG.info("streams of a lost node ended node={} reason={} streams={}", nodeId, silenced.reason(), ended);
    }
}
