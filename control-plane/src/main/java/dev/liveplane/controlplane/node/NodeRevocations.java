package dev.liveplane.controlplane.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;

/**
 * Says whether a node's credentials still count: the node exists and the operator has not deleted it. Every node
 * call asks, so answers are remembered for {@link #CHECKED_TTL}, as API keys are: a delete on this instance counts
 * at once, on the others within that time.
 *
 * <p>Remembered answers of active nodes are renewed in bulk, one query every {@link #RENEW_INTERVAL}, not one
 * lookup per node per TTL: with 1,000 nodes the lookups were 200 a second, each waiting for a pooled connection on
 * the request path (under bench/fleet.sh they queued with the heartbeats for the pool).
 */
@Singleton
final class NodeRevocations {

    /** How long another instance of the control plane may go on accepting a node deleted here. */
    static final Duration CHECKED_TTL = Duration.ofSeconds(5);
    static final Duration RENEW_INTERVAL = Duration.ofSeconds(2);
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

    /**
     * Renews the remembered answer of every node still active in the database. Only answers that say active now are
     * renewed ({@code replace(id, true, true)}): a node forgotten or found revoked meanwhile stays so, whatever this
     * read saw before its revocation committed; a node revoked elsewhere is not renewed and expires within the TTL.
     */
    @Scheduled(fixedDelay = "2s", initialDelay = "2s")
    void renew() {
        Map<String, Boolean> remembered = active.asMap();
        if (remembered.isEmpty()) {
            return;
        }
        for (String id : nodes.findActiveIds()) {
            remembered.replace(id, true, true);
        }
    }

    /** Called once the node's revocation is committed. */
    void forget(String nodeId) {
        active.invalidate(nodeId);
    }
}
