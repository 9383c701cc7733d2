package dev.liveplane.controlplane.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test listener that holds an event group's transaction open: once every other listener has written the group (this
 * one runs last), a group holding an event of stream {@link #hold} waits until {@link #release()}, at most 20 s, so a
 * test can see what another writer does meanwhile. Inert while {@code hold} is null.
 */
@Singleton
final class HeldEventGroups implements ApplicationEventListener<StreamEventsReported>, Ordered {

    private volatile String hold;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);

    /** Holds the next group with an event of {@code stream}. */
    void holdNext(String stream) {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
        hold = stream;
    }

    /** Waits until the group is being held, its writes made and not committed. */
    boolean awaitHeld() throws InterruptedException {
        return held.await(20, TimeUnit.SECONDS);
    }

    void release() {
        hold = null;
        released.countDown();
    }

    @Override
    public void onApplicationEvent(StreamEventsReported event) {
        String stream = hold;
        if (stream == null || event.batches().stream().flatMap(batch -> batch.events().stream())
                .noneMatch(e -> stream.equals(e.getStream()))) {
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
