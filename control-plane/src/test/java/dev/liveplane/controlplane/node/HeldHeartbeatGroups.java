package dev.liveplane.controlplane.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

/**
 * Test listener that holds a heartbeat group's transaction open: once every other listener has written a heartbeat of
 * node {@link #hold} (this one runs last), its group waits until {@link #release()} ({@link TransactionHold}), so a
 * test can see what another writer does meanwhile. Inert while {@code hold} is null.
 */
@Singleton
final class HeldHeartbeatGroups implements ApplicationEventListener<NodeHeartbeatReceived>, Ordered {

    private final TransactionHold transaction = new TransactionHold();
    private volatile String hold;

    /** Holds the next group with a heartbeat of {@code nodeId}. */
    void holdNext(String nodeId) {
        transaction.arm();
        hold = nodeId;
    }

    boolean awaitHeld() throws InterruptedException {
        return transaction.awaitHeld();
    }

    void release() {
        hold = null;
        transaction.release();
    }

    @Override
    public void onApplicationEvent(NodeHeartbeatReceived heartbeat) {
        if (heartbeat.nodeId().equals(hold)) {
            transaction.pause();
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
