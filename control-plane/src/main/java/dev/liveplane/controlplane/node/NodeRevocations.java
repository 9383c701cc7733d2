package dev.liveplane.controlplane.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Says whether a node's credentials still count: the node exists and the operator has not deleted it. Every node
 * call asks, so answers are remembered for {@link #CHECKED_TTL}, as API keys are: a delete on this instance counts
 * at once, on the others within that time.
 */
@Singleton
final class NodeRevocations {

    /** How long another instance of the control plane may go on accepting a node deleted here. */
    static final Duration CHECKED_TTL = Duration.ofSeconds(5);
    private static final int MAX_CHECKED_NODES = 20_000;

    private final NodeRepository nodes;
    private final Cache<String, Boolean> active = Caffeine.newBuilder().maximumSize(MAX_CHECKED_NODES)
            .expireAfterWrite(CHECKED_TTL).build();

    NodeRevocations(NodeRepository nodes) {
        this.nodes = nodes;
    }

    boolean isActive(String nodeId) {
        // Loaded inside the cache's per-key lock, so a delete here cannot be overtaken by a read of the old row.
        return active.get(nodeId, id -> nodes.findById(id).map(row -> row.revokedAt() == null).orElse(false));
    }

    /** Called once the node's revocation is committed. */
    void forget(String nodeId) {
        active.invalidate(nodeId);
    }
}
