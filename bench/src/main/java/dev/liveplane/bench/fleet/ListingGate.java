package dev.liveplane.bench.fleet;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the fleet's heartbeats from listing their published streams while stream events are being sent, as a node
 * does: the control plane makes a node's online streams match a listed heartbeat, so a list sent beside an event
 * batch could end a stream the batch has just published. Open until {@link #close}, which waits for the lists
 * already out to be answered.
 */
final class ListingGate {

    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger out = new AtomicInteger();

    /** True when a heartbeat may list its streams now; the caller then calls {@link #end()} once it is answered. */
    boolean begin() {
        out.incrementAndGet();
        if (open.get()) {
            return true;
        }
        out.decrementAndGet();
        return false;
    }

    void end() {
        out.decrementAndGet();
    }

    /** Lists no more, and waits until none is out; false when some were still out after {@code timeout}. */
    boolean close(Duration timeout) throws InterruptedException {
        open.set(false);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
