package dev.liveplane.media.server.stream;

import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The viewers of one stream that live on one event loop. The stream wakes the loop once per batch of frames for
 * the whole group instead of once per viewer, so a frame costs one cross-thread task per loop, not per viewer.
 *
 * <p>With a write-merge window the group writes at most once per window: frames that arrive within a window of the
 * last write wait for the window's end and go out together, one system call per viewer instead of one per frame.
 * On a socket that send and its kernel work are most of what a viewer costs (bench/README.md), so merging trades
 * up to one window of added delay for CPU. A frame after a quiet spell longer than the window goes out at once.
 *
 * <p>Membership changes on the stream's loop (copy on write); the group's loop reads the published array.
 */
final class ViewerGroup {

    private static final Viewer[] EMPTY = new Viewer[0];

    private final EventLoop loop;
    private final NodeMetrics metrics;
    private final long mergeWindowNanos;
    /** When the last drain started; written on the group's loop, read by {@link #schedule()} on the stream's. */
    private volatile long lastDrainNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainAll = this::drainAll;
    private volatile Viewer[] members = EMPTY;

    ViewerGroup(EventLoop loop, NodeMetrics metrics, Duration mergeWindow) {
        this.loop = loop;
        this.metrics = metrics;
        this.mergeWindowNanos = mergeWindow.toNanos();
        this.lastDrainNanos = System.nanoTime() - mergeWindowNanos;
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

    /**
     * Asks the group's loop to write what its viewers have queued, at once or at the end of the current merge
     * window; one pending task at most. Any thread.
     */
    void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            long wait = mergeWindowNanos == 0 ? 0 : lastDrainNanos + mergeWindowNanos - System.nanoTime();
            if (wait <= 0) {
                loop.execute(drainAll);
            } else {
                loop.schedule(drainAll, wait, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void drainAll() {
        scheduled.set(false);
        lastDrainNanos = System.nanoTime();
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
