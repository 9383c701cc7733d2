package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.NodeCapacity;
import dev.liveplane.api.node.model.NodeRegistration;
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
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers nodes and serves the operator's view and levers (drain, undrain, delete).
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
    private final ApplicationEventPublisher<NodeSilenced> silenced;

    FleetService(NodeRepository nodes, NodeCredentials credentials, NodeRevocations revocations, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeSilenced> silenced) {
        this.nodes = nodes;
        this.credentials = credentials;
        this.revocations = revocations;
        this.edge = edge;
        this.transactions = transactions;
        this.silenced = silenced;
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
