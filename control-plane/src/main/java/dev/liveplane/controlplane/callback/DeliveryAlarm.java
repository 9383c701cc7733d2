package dev.liveplane.controlplane.callback;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the dispatcher as soon as new deliveries are committed on this instance, so a webhook leaves within
 * milliseconds instead of at the next poll; deliveries enqueued by other instances are found by the poll.
 */
@Singleton
final class DeliveryAlarm {

    private final Semaphore rings = new Semaphore(0);

    void ring() {
        rings.release();
    }

    /** Waits for a ring or the timeout, then forgets every ring so far: one look for due rows answers them all. */
    void await(Duration timeout) throws InterruptedException {
        rings.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        rings.drainPermits();
    }
}
