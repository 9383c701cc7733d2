package dev.liveplane.controlplane.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the test listeners that hold a writer's transaction open share ({@link HeldEventGroups},
 * {@link HeldHeartbeatGroups}): a test arms it, the listener {@link #pause}s the writer inside its transaction once it
 * matches, the test sees that the writer is held and then releases it. A pause lasts at most 20 s.
 */
final class TransactionHold {

    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);

    /** Ready for the next pause. */
    void arm() {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
    }

    /** Waits until a writer is paused, its writes made and not committed. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(20, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    /** Called by the listener inside the writer's transaction: stays there until released. */
    void pause() {
        held.countDown();
        try {
            released.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
