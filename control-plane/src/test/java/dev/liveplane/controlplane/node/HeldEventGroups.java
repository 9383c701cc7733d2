package dev.liveplane.controlplane.node;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;

/**
 * Test listener that holds an event group's transaction open: once every other listener has written the group (this
 * one runs last), a group holding an event of stream {@link #hold} waits until {@link #release()}
 * ({@link TransactionHold}), so a test can see what another writer does meanwhile. Inert while {@code hold} is null.
 */
@Singleton
final class HeldEventGroups implements ApplicationEventListener<StreamEventsReported>, Ordered {

    private final TransactionHold transaction = new TransactionHold();
    private volatile String hold;

    /** Holds the next group with an event of {@code stream}. */
    void holdNext(String stream) {
        transaction.arm();
        hold = stream;
    }

    boolean awaitHeld() throws InterruptedException {
        return transaction.awaitHeld();
    }

    void release() {
        hold = null;
        transaction.release();
    }

    @Override
    public void onApplicationEvent(StreamEventsReported event) {
        String stream = hold;
        if (stream != null && event.batches().stream().flatMap(batch -> batch.events().stream())
                .anyMatch(e -> stream.equals(e.getStream()))) {
            transaction.pause();
        }
    }

    @Override
    public int getOrder() {
        return LOWEST_PRECEDENCE;
    }
}
