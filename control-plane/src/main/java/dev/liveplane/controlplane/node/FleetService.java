package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ClientAddress;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.model.NodeCapacity;
import dev.liveplane.controlplane.web.model.NodeHeartbeat;
import dev.liveplane.controlplane.web.model.NodeRegistration;
import dev.liveplane.controlplane.web.model.StreamLoad;
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

    FleetService(NodeRepository nodes, NodeCredentials credentials, NodeRevocations revocations, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeHeartbeatReceived> heartbeats,
            ApplicationEventPublisher<NodeSilenced> silenced) {
        this.nodes = nodes;
        this.credentials = credentials;
        this.revocations = revocations;
        this.edge = edge;
        this.transactions = transactions;
        this.heartbeats = heartbeats;
        this.silenced = silenced;
    }

    /** A new node and its first credential. */
    record Registered(NodeRow node, NodeCredentials.Issued credential) {
    }

    Registered register(String tokenId, NodeRegistration registration) {
        String address = NodeAddress.canonical(registration.getAddress() != null ? registration.getAddress()
                : ClientAddress.current());
        NodeCapacity capacity = registration.getCapacity();
        NodeRow row = nodes.save(new NodeRow(Ids.next(), tokenId, address, registration.getRtmpPort(),
                registration.getHttpPort(), registration.getRegion() == null ? DEFAULT_REGION
                        : registration.getRegion(),
                capacity == null ? null : capacity.getMaxViewers(),
                capacity == null ? null : capacity.getMaxIngestKbps(), registration.getVersion(), NodeRow.HEALTHY,
                false, Times.now(), null, null, 0, 0, null));
        LOG.info("node registered nodeId={} nodeToken={} address={} region={}", row.id(), tokenId, address,
                row.region());
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
            NodeRow row = nodes.findForUpdate(nodeId).orElseThrow(() -> ProblemException.notFound("Node " + nodeId));
            nodes.recordHeartbeat(nodeId, now, heartbeat.getConfigVersion(), streams,
                    (int) Math.min(Integer.MAX_VALUE, viewers), heartbeat.getDraining());
            // As the UPDATE decided it; the row is locked, so drain_requested is still what was read.
            return new Transition(row.status(), row.drainRequested() || heartbeat.getDraining() ? NodeRow.DRAINING
                    : NodeRow.HEALTHY);
        });
        if (!transition.after().equals(transition.before())) {
            LOG.info("node status changed nodeId={} from={} to={}", nodeId, transition.before(), transition.after());
            edge.reconcile();
        }
        heartbeats.publishEvent(new NodeHeartbeatReceived(nodeId, heartbeat.getStreams()));
        return new Ack(transition.after(), caller.credentialAgingAt(Instant.now())
                ? Optional.of(credentials.issue(nodeId)) : Optional.empty());
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

    /** Revokes the node's credentials and takes it out of DNS for good; its streams end if it was not silent. */
    void delete(String id) {
        boolean wasSilent = transactions.executeWrite(status -> {
            NodeRow row = nodes.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("Node " + id));
            nodes.revoke(id, Times.now());
            boolean silent = NodeRow.SILENT.equals(row.status());
            if (!silent) {
                // In the transaction, as the sweeper does: streams end with the node, or neither happens.
                silenced.publishEvent(new NodeSilenced(id));
            }
            return silent;
        });
        revocations.forget(id);
        LOG.info("node deleted nodeId={} wasSilent={}", id, wasSilent);
        edge.reconcile();
    }
}
