package dev.liveplane.controlplane.node;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PostConstruct;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says whether a node's credentials still count: the node exists and is active, the operator deleted it, or it is
 * unknown here. Every node call asks, on the event loop, so the answer never waits for the database: the standing
 * of every node is read in one query at start and every {@link #REFRESH_INTERVAL} after (with 1,000 nodes that is
 * one query every 2 s, where remembering each node's answer for a few seconds cost 200 lookups a second, each
 * holding a pooled connection on the request path). A delete on this instance counts at once, on the others
 * within that interval.
 *
 * <p>A node missing from the last read is active if it registered here since, or if its credential was issued
 * since that read began (it registered on another instance meanwhile); otherwise it is unknown (a database reset,
 * say), and told to register again.
 */
@Context
final class NodeRevocations {

    /** What a node credential's subject is to the fleet now. */
    enum Standing {
        ACTIVE,
        /** Deleted by the operator for good: refused with 410, and the node must not register again. */
        DELETED,
        /** No such node (a database reset, say): the node may register again. */
        UNKNOWN
    }

    /** How long another instance of the control plane may go on accepting a node deleted here. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);
    /**
     * How far another instance's clock, which stamped a credential's issue time (in whole seconds), may lag this
     * one's before a node it registered just now looks unknown here.
     */
    private static final Duration CLOCK_SLACK = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(NodeRevocations.class);

    /** The standings one read found, and when that read began. */
    private record Read(Map<String, Standing> standings, Instant startedAt) {
    }

    private final NodeRepository nodes;
    private volatile Read last = new Read(Map.of(), Instant.EPOCH);
    // Deleted here: a read that began before the delete committed must not bring the node back.
    private final Set<String> deletedHere = ConcurrentHashMap.newKeySet();
    // Registered here: known at once, before the next read (which wins, should another instance delete one).
    private final Set<String> registeredHere = ConcurrentHashMap.newKeySet();

    NodeRevocations(NodeRepository nodes) {
        this.nodes = nodes;
    }

    @PostConstruct
    void start() {
        // Before the server takes calls, and failing its start if it cannot: with no read, every node would look
        // unknown and register again.
        read();
    }

    @Scheduled(fixedDelay = "2s", initialDelay = "2s")
    void refresh() {
        try {
            read();
        } catch (RuntimeException e) {
            // The last read stands: a node's calls fail on their own if the database is down.
            LOG.warn("node standings not refreshed error={}", e.toString());
        }
    }

    private void read() {
        Instant startedAt = Instant.now();
        Map<String, Standing> standings = new HashMap<>();
        for (NodeStandingRow row : nodes.findStandings()) {
            standings.put(row.id(), row.revokedAt() != null ? Standing.DELETED : Standing.ACTIVE);
        }
        last = new Read(Map.copyOf(standings), startedAt);
    }

    Standing standing(NodeCaller caller) {
        if (deletedHere.contains(caller.nodeId())) {
            return Standing.DELETED;
        }
        Read read = last;
        Standing known = read.standings().get(caller.nodeId());
        if (known != null) {
            return known;
        }
        if (registeredHere.contains(caller.nodeId())) {
            return Standing.ACTIVE;
        }
        Instant readStart = read.startedAt().truncatedTo(ChronoUnit.SECONDS).minus(CLOCK_SLACK);
        return caller.issuedAt().isBefore(readStart) ? Standing.UNKNOWN : Standing.ACTIVE;
    }

    /** Called once the node's registration is committed. */
    void registered(String nodeId) {
        registeredHere.add(nodeId);
    }

    /** Called once the node's revocation is committed. */
    void deleted(String nodeId) {
        deletedHere.add(nodeId);
    }
}
