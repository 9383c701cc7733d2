package dev.liveplane.controlplane.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Says whether a node's credentials still count: the node exists and is active, the operator deleted it, or it is
 * unknown here. Every node call asks, so answers are remembered for {@link #CHECKED_TTL}, as API keys are: a delete
 * on this instance counts at once, on the others within that time.
 */
@Singleton
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
    static final Duration CHECKED_TTL = Duration.ofSeconds(5);
    private static final int MAX_CHECKED_NODES = 20_000;

    private final NodeRepository nodes;
    private final Cache<String, Standing> standings = Caffeine.newBuilder().maximumSize(MAX_CHECKED_NODES)
            .expireAfterWrite(CHECKED_TTL).build();

    NodeRevocations(NodeRepository nodes) {
        this.nodes = nodes;
    }

    Standing standing(String nodeId) {
        // Loaded inside the cache's per-key lock, so a delete here cannot be overtaken by a read of the old row.
        return standings.get(nodeId, id -> nodes.findById(id)
                .map(row -> row.revokedAt() == null ? Standing.ACTIVE : Standing.DELETED).orElse(Standing.UNKNOWN));
    }

    /** Called once the node's revocation is committed. */
    void forget(String nodeId) {
        standings.invalidate(nodeId);
    }
}
