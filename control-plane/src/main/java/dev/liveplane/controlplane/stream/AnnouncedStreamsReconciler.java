package dev.liveplane.controlplane.stream;

import dev.liveplane.api.node.model.PublishedStream;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.callback.WebhookData;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.node.NodeStreamsAnnounced;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the list of streams a node's heartbeat says it publishes into that node's online streams: a stream listed
 * and online nowhere is online again on this node (a {@code publish} webhook: the tenant was told it ended, or never
 * told it began); a stream online on this node and not listed ends ({@code unpublish}, reason
 * {@value #NODE_RESTARTED}: the node restarted, or its unpublish was lost). A stream online on another node is left
 * to that node. The node sends the list only when it agrees with every event it has had answered, so a stream whose
 * events are still on their way is neither added nor ended here; a list that matches changes nothing and tells
 * nobody.
 */
@Singleton
final class AnnouncedStreamsReconciler {

    static final String NODE_RESTARTED = "node_restarted";
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncedStreamsReconciler.class);

    private final OnlineStreamRepository repository;
    private final OnlineStreamStore store;
    private final EndedStreamHooks endedHooks;
    private final WebhookEnqueuer webhooks;
    private final TransactionOperations<Connection> transactions;

    AnnouncedStreamsReconciler(OnlineStreamRepository repository, OnlineStreamStore store,
            EndedStreamHooks endedHooks, WebhookEnqueuer webhooks, TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.store = store;
        this.endedHooks = endedHooks;
        this.webhooks = webhooks;
        this.transactions = transactions;
    }

    @EventListener
    void onAnnounced(NodeStreamsAnnounced announced) {
        transactions.executeWrite(status -> {
            reconcile(announced.nodeId(), announced.published());
            return null;
        });
    }

    private void reconcile(String nodeId, List<PublishedStream> published) {
        Map<String, PublishedStream> listed = new LinkedHashMap<>();
        for (PublishedStream stream : published) {
            listed.putIfAbsent(key(stream).match(), stream);
        }
        List<OnlineStreamRow> held = repository.findByNodeIdForUpdate(nodeId);
        Set<String> heldKeys = new HashSet<>();
        List<OnlineStreamRow> stale = new ArrayList<>();
        for (OnlineStreamRow row : held) {
            heldKeys.add(row.key().match());
            if (!listed.containsKey(row.key().match())) {
                stale.add(row);
            }
        }
        List<StreamKey> unheld = listed.entrySet().stream().filter(e -> !heldKeys.contains(e.getKey()))
                .map(e -> key(e.getValue())).toList();
        List<Restored> restored = restore(nodeId, unheld, listed);
        // In key order, as every other batch that touches streams, so that two never lock them in opposite orders.
        store.upsert(restored.stream().map(Restored::row).sorted(Comparator.comparing(row -> row.key().match()))
                .toList());
        store.deleteOwned(nodeId, stale.stream().map(OnlineStreamRow::key)
                .sorted(Comparator.comparing(StreamKey::match)).toList());
        webhooks.enqueue(restored.stream().map(Restored::hook).toList());
        endedHooks.enqueue(stale, NODE_RESTARTED);
        if (!restored.isEmpty() || !stale.isEmpty()) {
            LOG.info("online streams reconciled with the node's heartbeat node={} restored={} ended={} reason={}",
                    nodeId, restored.size(), stale.size(), NODE_RESTARTED);
        }
    }

    /** A stream online again, and the webhook that says so. */
    private record Restored(OnlineStreamRow row, WebhookEvent hook) {
    }

    /** Rows for the listed streams that are online nowhere, on push domains; the rest is not this node's to add. */
    private List<Restored> restore(String nodeId, List<StreamKey> unheld, Map<String, PublishedStream> listed) {
        if (unheld.isEmpty()) {
            return List.of();
        }
        Map<String, String> owners = store.owners(unheld);
        List<StreamKey> missing = unheld.stream().filter(key -> !owners.containsKey(key.match())).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        Map<String, StreamDomain> domains = repository.findDomains(missing.stream().map(StreamKey::domain)
                        .collect(Collectors.toSet())).stream().filter(StreamDomain::isPush)
                .collect(Collectors.toMap(StreamDomain::name, d -> d));
        List<Restored> restored = new ArrayList<>();
        for (StreamKey key : missing) {
            StreamDomain domain = domains.get(key.domain());
            if (domain == null) {
                continue; // not a push domain (any more): events of it are skipped too
            }
            Instant started = listed.get(key.match()).getStartedAt().toInstant().truncatedTo(ChronoUnit.MILLIS);
            // The heartbeat names the stream, not its tracks: those, and the publisher's address, stay unknown;
            // the bitrate comes with the node's load, recorded after this.
            OnlineStreamRow row = new OnlineStreamRow(Ids.next(), domain.tenantId(), domain.name(), key.app(),
                    key.stream(), nodeId, started, null, null, null, null, null, null, null, null, null, 0);
            restored.add(new Restored(row, new WebhookEvent(domain.tenantId(), domain.id(), "publish",
                    new WebhookData(row.domain(), row.app(), row.stream(), nodeId, started.toString(), null, null,
                            null, null, null))));
        }
        return restored;
    }

    private static StreamKey key(PublishedStream stream) {
        return new StreamKey(DomainNames.lookupName(stream.getDomain()), stream.getApp(), stream.getStream());
    }
}
