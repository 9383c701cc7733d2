package dev.liveplane.media.server.stream;

import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The viewers of one stream that live on one event loop. The stream wakes the loop once per batch of frames for
 * the whole group instead of once per viewer, so a frame costs one cross-thread task per loop, not per viewer.
 *
 * <p>Membership changes on the stream's loop (copy on write); the group's loop reads the published array.
 */
final class ViewerGroup {

    private static final Viewer[] EMPTY = new Viewer[0];

    private final EventLoop loop;
    private final NodeMetrics metrics;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainAll = this::drainAll;
    private volatile Viewer[] members = EMPTY;

    ViewerGroup(EventLoop loop, NodeMetrics metrics) {
        this.loop = loop;
        this.metrics = metrics;
    }

    Viewer[] members() {
        return members;
    }

    void add(Viewer viewer) {
        Viewer[] grown = Arrays.copyOf(members, members.length + 1);
        grown[grown.length - 1] = viewer;
        members = grown;
    }

    /** Removes a member; returns false if it was not one. */
    boolean remove(Viewer viewer) {
        Viewer[] current = members;
        int index = Arrays.asList(current).indexOf(viewer);
        if (index < 0) {
            return false;
        }
        Viewer[] shrunk = new Viewer[current.length - 1];
        System.arraycopy(current, 0, shrunk, 0, index);
        System.arraycopy(current, index + 1, shrunk, index, current.length - index - 1);
        members = shrunk;
        return true;
    }

    boolean isEmpty() {
        return members.length == 0;
    }

    /** Asks the group's loop to write what its viewers have queued; one pending task at most. Any thread. */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(drainAll);
        }
    }

    private void drainAll() {
        scheduled.set(false);
        long oldestLive = Long.MAX_VALUE;
        for (Viewer viewer : members) {
            long received = viewer.drain();
            if (received != 0 && received < oldestLive) {
                oldestLive = received;
            }
        }
        if (oldestLive != Long.MAX_VALUE) {
            // The slowest frame of the batch to reach its last socket: what the node adds to glass-to-glass delay.
            metrics.deliveryLatency(System.nanoTime() - oldestLive);
        }
    }
}
