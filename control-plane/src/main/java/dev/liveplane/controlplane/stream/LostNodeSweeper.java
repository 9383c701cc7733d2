package dev.liveplane.controlplane.stream;

import dev.liveplane.controlplane.callback.WebhookData;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import dev.liveplane.controlplane.node.NodeSilenced;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the streams of a node that is gone (silent or revoked): removes its online streams and viewer counts and
 * tells the tenants' webhooks {@code unpublish} with reason {@code node_lost}.
 */
@Singleton
final class LostNodeSweeper {

    static final String NODE_LOST = "node_lost";
    private static final Logger LOG = LoggerFactory.getLogger(LostNodeSweeper.class);

    private final OnlineStreamRepository repository;
    private final WebhookEnqueuer webhooks;
    private final TransactionOperations<Connection> transactions;

    LostNodeSweeper(OnlineStreamRepository repository, WebhookEnqueuer webhooks,
            TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.webhooks = webhooks;
        this.transactions = transactions;
    }

    @EventListener
    void onSilenced(NodeSilenced silenced) {
        String nodeId = silenced.nodeId();
        int ended = transactions.executeWrite(status -> {
            List<OnlineStreamRow> rows = repository.findByNodeIdForUpdate(nodeId);
            repository.deleteByNodeId(nodeId);
            repository.deleteViewersByNodeId(nodeId);
            if (!rows.isEmpty()) {
                Map<String, StreamDomain> domains = repository.findDomains(rows.stream().map(OnlineStreamRow::domain)
                        .collect(Collectors.toSet())).stream().collect(Collectors.toMap(StreamDomain::name, d -> d));
                String at = Instant.now().toString();
                // A domain deleted, or deleted and taken by another tenant, since the stream started tells nobody.
                webhooks.enqueue(rows.stream().filter(row -> domains.containsKey(row.domain())
                        && domains.get(row.domain()).tenantId().equals(row.tenantId()))
                        .map(row -> hook(domains.get(row.domain()), row, at)).toList());
            }
            return rows.size();
        });
        LOG.info("streams of a lost node ended node={} streams={}", nodeId, ended);
    }

    private static WebhookEvent hook(StreamDomain domain, OnlineStreamRow row, String at) {
        return new WebhookEvent(domain.tenantId(), domain.id(), "unpublish", new WebhookData(row.domain(), row.app(),
                row.stream(), row.nodeId(), at, row.clientAddress(), Tracks.video(row), Tracks.audio(row),
                row.bitrateKbps(), NODE_LOST));
    }
}
