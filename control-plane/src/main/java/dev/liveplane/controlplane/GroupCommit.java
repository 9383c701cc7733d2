package dev.liveplane.controlplane;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for nodes' reports (stream events, usage records): calls wait in a bounded queue and writer threads
 * each take every call waiting, up to a number of items, and hand them to {@code commit} together, one transaction
 * for the group. A call that finds the queue full is refused at once ({@link #offer} answers false); one that waited
 * longer than {@code wait} for its turn, or is still queued when the writers stop, is handed to {@code busy}. Both
 * mean "send it again", which a node's durable reporter does with backoff. {@code commit} answers every call of its
 * group itself, even when it fails.
 */
public final class GroupCommit<C> {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private record Queued<C>(C call, long queuedAt) {
    }

    private final String name;
    private final int maxItems;
    private final Duration wait;
    private final ToIntFunction<C> items;
    private final Consumer<List<C>> commit;
    private final Consumer<C> busy;
    private final BlockingQueue<Queued<C>> queue;
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    public GroupCommit(String name, int writers, int maxQueuedCalls, int maxItems, Duration wait,
            ToIntFunction<C> items, Consumer<List<C>> commit, Consumer<C> busy) {
        this.name = name;
        this.maxItems = maxItems;
        this.wait = wait;
        this.items = items;
        this.commit = commit;
        this.busy = busy;
        this.queue = new ArrayBlockingQueue<>(maxQueuedCalls);
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::write, name + "-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            this.writers.add(writer);
        }
    }

    /** Queues the call; false when the queue is full or the writers stopped (the caller answers 503). */
    public boolean offer(C call) {
        return running && queue.offer(new Queued<>(call, System.nanoTime()));
    }

    private void write() {
        List<C> group = new ArrayList<>();
        while (running) {
            try {
                Queued<C> first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                int taken = take(group, first);
                Queued<C> next;
                while (taken < maxItems && (next = queue.poll()) != null) {
                    taken += take(group, next);
                }
                if (!group.isEmpty()) {
                    commit.accept(group);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // commit answered every call of the group; keep writing.
                LOG.warn("{} group failed error={}", name, e.toString());
            }
        }
        // Stopping: nothing more is written, so whatever still waits is told to send again.
        for (Queued<C> queued; (queued = queue.poll()) != null; ) {
            busy.accept(queued.call());
        }
    }

    /** Adds the call to the group and counts its items, or hands it to busy when it waited too long for its turn. */
    private int take(List<C> group, Queued<C> queued) {
        if (System.nanoTime() - queued.queuedAt() > wait.toNanos()) {
            busy.accept(queued.call());
            return 0;
        }
        group.add(queued.call());
        return items.applyAsInt(queued.call());
    }

    public void stop() {
        running = false;
        writers.forEach(Thread::interrupt);
    }
}
