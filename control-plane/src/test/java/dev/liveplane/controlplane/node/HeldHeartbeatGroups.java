package dev.liveplane.controlplane.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test listener that holds a heartbeat group's transaction open: once every other listener has written a heartbeat of
 * node {@link #hold} (this one runs last), its group waits until {@link #release()}, at most 20 s, so a test can see
 * what another writer does meanwhile. Inert while {@code hold} is null.
 */
@Singleton
final class HeldHeartbeatGroups implements ApplicationEventListener<NodeHeartbeatReceived>, Ordered {

    private volatile String hold;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);

    /** Holds the next group with a heartbeat of {@code nodeId}. */
    void holdNext(String nodeId) {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
        hold = nodeId;
    }

    /** Waits until the group is being held, the heartbeat's writes made and not committed. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(20, TimeUnit.SECONDS);
    }

    void release() {
        hold = null;
        released.countDown();
    }

    @Override
    public void onApplicationEvent(NodeHeartbeatReceived heartbeat) {
        if (!heartbeat.nodeId().equals(hold)) {
            return;
        }
        held.countDown();
        try {
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
