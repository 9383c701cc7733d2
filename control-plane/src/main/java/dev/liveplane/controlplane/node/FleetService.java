package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.NodeCapacity;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ClientAddress;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers nodes, records their heartbeats and serves the operator's view and levers (drain, undrain, delete).
 * Whatever changes which nodes should take players reconciles {@code edge.{zone}} once committed.
 */
@Singleton
final class FleetService {

    private static final Logger LOG = LoggerFactory.getLogger(FleetService.class);
    private static final String DEFAULT_REGION = "local";

    private final NodeRepository nodes;
    private final NodeCredentials credentials;
    private final NodeRevocations revocations;
    private final EdgeRecords edge;
    private final TransactionOperations<Connection> transactions;
    private final ApplicationEventPublisher<NodeHeartbeatReceived> heartbeats;
    private final ApplicationEventPublisher<NodeSilenced> silenced;
    private final ApplicationEventPublisher<NodeStreamsAnnounced> announced;

    FleetService(NodeRepository nodes, NodeCredentials credentials, NodeRevocations revocations, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeHeartbeatReceived> heartbeats,
            ApplicationEventPublisher<NodeSilenced> silenced,
            ApplicationEventPublisher<NodeStreamsAnnounced> announced) {
        this.nodes = nodes;
        this.credentials = credentials;
        this.revocations = revocations;
        this.edge = edge;
        this.transactions = transactions;
        this.heartbeats = heartbeats;
        this.silenced = silenced;
        this.announced = announced;
    }

    /** A new node and its first credential. */
    record Registered(NodeRow node, NodeCredentials.Issued credential) {
    }

    /**
     * Registers a node. One that names the identity it held keeps it when the same bootstrap token registered it,
     * and is refused (410) when the operator deleted it; otherwise, or without a name, it is a new node.
     */
    Registered register(String tokenId, NodeRegistration registration) {
        String address = NodeAddress.canonical(registration.getAddress() != null ? registration.getAddress()
                : ClientAddress.current());
        NodeCapacity capacity = registration.getCapacity();
        Integer maxViewers = capacity == null ? null : capacity.getMaxViewers();
        Integer maxIngestKbps = capacity == null ? null : capacity.getMaxIngestKbps();
        String region = registration.getRegion() == null ? DEFAULT_REGION : registration.getRegion();
        String previous = registration.getNodeId();
        if (previous != null) {
            Optional<NodeRow> known = nodes.findById(previous);
            if (known.isPresent() && known.get().revokedAt() != null) {
                LOG.info("registration of a deleted node refused nodeId={} nodeToken={}", previous, tokenId);
                throw NodeAuthenticationFilter.deleted(previous);
            }
            if (nodes.registerAgain(previous, tokenId, address, registration.getRtmpPort(),
                    registration.getHttpPort(), region, maxViewers, maxIngestKbps, registration.getVersion(),
                    Times.now()) == 1) {
                LOG.info("node registered again nodeId={} nodeToken={} address={} region={}", previous, tokenId,
                        address, region);
                edge.reconcile();
                return new Registered(get(previous), credentials.issue(previous));
            }
        }
        NodeRow row = nodes.save(new NodeRow(Ids.next(), tokenId, address, registration.getRtmpPort(),
                registration.getHttpPort(), region, maxViewers, maxIngestKbps, registration.getVersion(),
                NodeRow.HEALTHY, false, Times.now(), null, null, 0, 0, null));
        revocations.registered(row.id());
        LOG.info("node registered nodeId={} nodeToken={} address={} region={} previousNodeId={}", row.id(), tokenId,
                address, row.region(), previous == null ? "-" : previous);
        edge.reconcile();
        return new Registered(row, credentials.issue(row.id()));
    }

    /** What a heartbeat answers: the node's status, and a fresh credential when its current one is aging. */
    record Ack(String status, Optional<NodeCredentials.Issued> credential) {
    }

    private record Transition(String before, String after) {
    }

    Ack heartbeat(NodeCaller caller, NodeHeartbeat heartbeat) {
        String nodeId = caller.nodeId();
        // Streams are those published here (relayed ones show up as viewers); a heartbeat lists every stream
        // with viewers on the node, publishing or not.
        int streams = (int) heartbeat.getStreams().stream().filter(s -> Boolean.TRUE.equals(s.getPublishing()))
                .count();
        long viewers = heartbeat.getStreams().stream().mapToLong(StreamLoad::getViewers).sum();
        Instant now = Times.now();
        Transition transition = transactions.executeWrite(status -> {
            // Deleted on another instance since this one last read the fleet's standings, or unknown (a node
            // registered just now is taken on trust until the next read): refused as the filter would.
            NodeRow row = nodes.findForUpdate(nodeId).orElseThrow(() -> gone(nodeId));
            nodes.recordHeartbeat(nodeId, now, heartbeat.getConfigVersion(), streams,
                    (int) Math.min(Integer.MAX_VALUE, viewers), heartbeat.getDraining());
            if (heartbeat.getPublished() != null) {
                // With the row locked: a delete or a silencing of this node cannot interleave with the reconcile.
                announced.publishEvent(new NodeStreamsAnnounced(nodeId, heartbeat.getPublished()));
            }
            // In the same transaction: one commit per heartbeat, not two (200 heartbeats a second at 1,000 nodes).
            heartbeats.publishEvent(new NodeHeartbeatReceived(nodeId, heartbeat.getStreams()));
            // As the UPDATE decided it; the row is locked, so drain_requested is still what was read.
            return new Transition(row.status(), row.drainRequested() || heartbeat.getDraining() ? NodeRow.DRAINING
                    : NodeRow.HEALTHY);
        });
        if (!transition.after().equals(transition.before())) {
            LOG.info("node status changed nodeId={} from={} to={}", nodeId, transition.before(), transition.after());
            edge.reconcile();
        }
        return new Ack(transition.after(), caller.credentialAgingAt(Instant.now())
                ? Optional.of(credentials.issue(nodeId)) : Optional.empty());
    }

    private ProblemException gone(String nodeId) {
        return nodes.findById(nodeId).isPresent() ? NodeAuthenticationFilter.deleted(nodeId)
                : new ProblemException(ProblemType.UNAUTHORIZED, "The node credential names no node known here;"
                        + " register the node again");
    }

    Slice<NodeRow> list(int size, String afterId) {
        return Slice.of(nodes.findPage(afterId, size + 1), size, NodeRow::id);
    }

    /** Where a stream is published, for a node that would relay it to its own viewers. */
    Optional<StreamOriginRow> streamOrigin(String domain, String app, String stream) {
        return nodes.findStreamOrigin(domain.toLowerCase(Locale.ROOT), app, stream);
    }

    NodeRow get(String id) {
        return nodes.findByIdAndRevokedAtIsNull(id).orElseThrow(() -> ProblemException.notFound("Node " + id));
    }

    /** Drains ({@code true}) or undrains the node: a drained node leaves DNS and is told to take no new sessions. */
    NodeRow drain(String id, boolean drain) {
        if (nodes.setDrainRequested(id, drain) == 0) {
            throw ProblemException.notFound("Node " + id);
        }
        LOG.info("node {} nodeId={}", drain ? "drained" : "undrained", id);
        edge.reconcile();
        return get(id);
    }

    /**
     * Revokes the node's credentials and takes it out of DNS for good; its streams end (reason
     * {@value NodeSilenced#DELETED}) if it was not silent, since a silent node's already ended.
     */
    void delete(String id) {
        boolean wasSilent = transactions.executeWrite(status -> {
            NodeRow row = nodes.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("Node " + id));
            nodes.revoke(id, Times.now());
            boolean silent = NodeRow.SILENT.equals(row.status());
            if (!silent) {
                // In the transaction, as the sweeper does: streams end with the node, or neither happens.
                silenced.publishEvent(new NodeSilenced(id, NodeSilenced.DELETED));
            }
            return silent;
        });
        revocations.deleted(id);
        LOG.info("node deleted nodeId={} wasSilent={}", id, wasSilent);
        edge.reconcile();
    }
}
