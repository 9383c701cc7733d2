package dev.liveplane.controlplane.stream;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.callback.WebhookData;
import dev.liveplane.controlplane.callback.WebhookEnqueuer;
import dev.liveplane.controlplane.callback.WebhookEvent;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.node.StreamEventsReported;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a node's batch of publish and unpublish events into online streams and pending webhooks, inside the
 * transaction that de-duplicated the batch. A publish replaces whatever row the stream had (a republish, maybe on
 * another node); an unpublish ends the stream only if it is online on the reporting node, so a late unpublish from a
 * node the stream has left changes nothing and tells no webhook. Events of unknown domains are skipped.
 *
 * <p>The whole batch costs a fixed number of statements: one domain lookup, one owner lookup for the unpublished
 * streams, one batched upsert, one batched delete and the webhook settings lookup and insert.
 */
@Singleton
final class StreamEventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventRecorder.class);

    private final OnlineStreamRepository repository;
    private final OnlineStreamStore store;
    private final WebhookEnqueuer webhooks;
    private final PublishSessions sessions;
    private final TransactionOperations<Connection> transactions;

    StreamEventRecorder(OnlineStreamRepository repository, OnlineStreamStore store, WebhookEnqueuer webhooks,
            PublishSessions sessions, TransactionOperations<Connection> transactions) {
        this.repository = repository;
        this.store = store;
        this.webhooks = webhooks;
        this.sessions = sessions;
        this.transactions = transactions;
    }

    @EventListener
    void onEvents(StreamEventsReported reported) {
        List<NodeEvent> events = new ArrayList<>();
        for (StreamEventsReported.NodeBatch batch : reported.batches()) {
            batch.events().forEach(event -> events.add(new NodeEvent(batch.nodeId(), event)));
        }
        if (events.isEmpty()) {
            return;
        }
        transactions.executeWrite(status -> {
            record(events);
            return null;
        });
    }

    /** An event and the node that reported it. */
    private record NodeEvent(String nodeId, StreamEvent event) {
    }

    private void record(List<NodeEvent> events) {
        Map<String, StreamDomain> domains = pushDomains(events);
        List<StreamKey> unpublished = new ArrayList<>();
        for (NodeEvent reported : events) {
            StreamDomain domain = domainOf(domains, reported.event());
            if (domain != null && reported.event().getType() == StreamEventType.UNPUBLISH) {
                unpublished.add(key(domain, reported.event()));
            }
        }
        // Where each stream is online now, updated as the events are applied in order.
        Map<String, String> owners = new HashMap<>(store.owners(unpublished));
        Map<String, OnlineStreamRow> upserts = new LinkedHashMap<>();
        Map<String, OnlineStreamStore.Owned> deletes = new LinkedHashMap<>();
        List<WebhookEvent> hooks = new ArrayList<>();
        // Every publish and accepted unpublish, in event order, for the publish history.
        List<OnlineStreamRow> opened = new ArrayList<>();
        List<PublishSessions.Ended> closed = new ArrayList<>();
        Map<String, Integer> late = new TreeMap<>();
        for (NodeEvent reported : events) {
            String nodeId = reported.nodeId();
            StreamEvent event = reported.event();
            StreamDomain domain = domainOf(domains, event);
            if (domain == null) {
                continue;
            }
            StreamKey key = key(domain, event);
            String match = key.match();
            if (event.getType() == StreamEventType.PUBLISH) {
                OnlineStreamRow row = row(domain, nodeId, key, event);
                upserts.put(match, row);
                opened.add(row);
                deletes.remove(match);
                owners.put(match, nodeId);
                hooks.add(hook(domain, nodeId, key, event, "publish"));
            } else if (nodeId.equals(owners.get(match))) {
                // A publish earlier in the batch stays queued: upserts run before deletes, so the stream's row,
                // whichever node held it before, becomes this node's and is then removed.
                deletes.put(match, new OnlineStreamStore.Owned(key, nodeId));
                owners.remove(match);
                closed.add(new PublishSessions.Ended(key.domain(), key.app(), key.stream(), nodeId,
                        event.getAt().toInstant().truncatedTo(ChronoUnit.MILLIS),
                        event.getReason() == null ? "unpublish" : event.getReason()));
                hooks.add(hook(domain, nodeId, key, event, "unpublish"));
            } else {
                late.merge(nodeId, 1, Integer::sum);
            }
        }
        // In key order, so that two nodes' batches touching the same streams lock them in the same order.
        store.upsert(upserts.values().stream().sorted(Comparator.comparing(row -> row.key().match())).toList());
        store.deleteOwned(deletes.values().stream().sorted(Comparator.comparing(owned -> owned.key().match()))
                .toList());
        sessions.open(opened);
        sessions.close(closed);
        webhooks.enqueue(hooks);
        late.forEach((nodeId, count) -> LOG.info("unpublish of streams not online on the node ignored node={}"
                + " count={}", nodeId, count));
    }

    /** The batch's push domains by name, in one query; events of other names are logged once per name and skipped. */
    private Map<String, StreamDomain> pushDomains(List<NodeEvent> events) {
        Set<String> names = events.stream().map(e -> DomainNames.lookupName(e.event().getDomain()))
                .collect(Collectors.toSet());
        Map<String, StreamDomain> found = repository.findDomains(names).stream().filter(StreamDomain::isPush)
                .collect(Collectors.toMap(StreamDomain::name, d -> d));
        Map<List<String>, Integer> unknown = new LinkedHashMap<>();
        for (NodeEvent reported : events) {
            String name = DomainNames.lookupName(reported.event().getDomain());
            if (!found.containsKey(name)) {
                unknown.merge(List.of(reported.nodeId(), name), 1, Integer::sum);
            }
        }
        unknown.forEach((nodeAndName, count) -> LOG.warn("stream events for a domain that is not a push domain"
                + " ignored node={} domain={} events={}", nodeAndName.get(0), nodeAndName.get(1), count));
        return found;
    }

    /**
     * The event's push domain, or null when the event names the id it was published under and the name has another
     * id now: the domain was deleted, perhaps registered again by another tenant, who must not hear of it.
     */
    private static StreamDomain domainOf(Map<String, StreamDomain> domains, StreamEvent event) {
        StreamDomain domain = domains.get(DomainNames.lookupName(event.getDomain()));
        if (domain == null || (event.getDomainId() != null && !event.getDomainId().equals(domain.id()))) {
            return null;
        }
        return domain;
    }

    private static StreamKey key(StreamDomain domain, StreamEvent event) {
        return new StreamKey(domain.name(), event.getApp(), event.getStream());
    }

    private static OnlineStreamRow row(StreamDomain domain, String nodeId, StreamKey key, StreamEvent event) {
        VideoTrack video = event.getVideo();
        AudioTrack audio = event.getAudio();
        return new OnlineStreamRow(Ids.next(), domain.tenantId(), key.domain(), key.app(), key.stream(), nodeId,
                event.getAt().toInstant().truncatedTo(ChronoUnit.MILLIS), event.getClientAddress(),
                video == null ? null : video.getCodec(), video == null ? null : video.getWidth(),
                video == null ? null : video.getHeight(), video == null ? null : video.getFrameRate(),
                audio == null ? null : audio.getCodec(), audio == null ? null : audio.getSampleRate(),
                audio == null ? null : audio.getChannels(), event.getBitrateKbps(), 0);
    }

    private static WebhookEvent hook(StreamDomain domain, String nodeId, StreamKey key, StreamEvent event,
            String type) {
        Instant at = event.getAt().toInstant().truncatedTo(ChronoUnit.MILLIS);
        return new WebhookEvent(domain.tenantId(), domain.id(), type, new WebhookData(key.domain(), key.app(),
                key.stream(), nodeId, at.toString(), event.getClientAddress(), event.getVideo(), event.getAudio(),
                event.getBitrateKbps(), "unpublish".equals(type) ? event.getReason() : null));
    }
}
