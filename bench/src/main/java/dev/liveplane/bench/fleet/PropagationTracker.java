package dev.liveplane.bench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Turns the config versions nodes receive into per-change propagation latencies: for each change, the time from
 * the change's HTTP response to each node's first snapshot newer than the version every node held before it.
 * Thread-safe: nodes report from HTTP client threads while the driver opens and closes changes.
 */
public final class PropagationTracker {

    /** One change: the version it must beat, when its response came, and when each node saw a newer version. */
    private static final class Change {
        final long baseline;
        final AtomicLongArray receivedAt;
        volatile long respondedAt = -1;

        Change(long baseline, int nodes) {
            this.baseline = baseline;
            this.receivedAt = new AtomicLongArray(nodes);
            for (int i = 0; i < nodes; i++) {
                receivedAt.set(i, -1);
            }
        }
    }

    private final int nodes;
    private final AtomicLongArray versions;
    private final List<Change> closed = new ArrayList<>();
    private volatile Change open;

    public PropagationTracker(int nodes) {
        this.nodes = nodes;
        this.versions = new AtomicLongArray(nodes);
        for (int i = 0; i < nodes; i++) {
            versions.set(i, -1);
        }
    }

    /** Node {@code node} received snapshot {@code version} at {@code nanoTime}. */
    public void received(int node, long version, long nanoTime) {
        versions.accumulateAndGet(node, version, Math::max);
        Change change = open;
        if (change != null && version > change.baseline) {
            // Only the first newer snapshot counts; a node may see two changes' versions in one answer.
            change.receivedAt.compareAndSet(node, -1, nanoTime);
        }
    }

    public int nodes() {
        return nodes;
    }

    /** The version node {@code node} holds, -1 before its first snapshot. */
    public long version(int node) {
        return versions.get(node);
    }

    /** Nodes holding at least one snapshot. */
    public int nodesWithConfig() {
        int count = 0;
        for (int i = 0; i < nodes; i++) {
            if (versions.get(i) >= 0) {
                count++;
            }
        }
        return count;
    }

    /** True when every node holds the same version, the newest any holds: nothing is still propagating. */
    public boolean settled() {
        long first = versions.get(0);
        for (int i = 1; i < nodes; i++) {
            if (versions.get(i) != first) {
                return false;
            }
        }
        return first >= 0;
    }

    /** The newest version any node holds. */
    public long newestVersion() {
        long newest = -1;
        for (int i = 0; i < nodes; i++) {
            newest = Math.max(newest, versions.get(i));
        }
        return newest;
    }

    /** Opens a change before its request is sent: from now on, versions above {@code baseline} are its arrivals. */
    public void open(long baseline) {
        if (open != null) {
            throw new IllegalStateException("a change is already open");
        }
        open = new Change(baseline, nodes);
    }

    /** The change's HTTP response came at {@code nanoTime}: latencies count from here. */
    public void responded(long nanoTime) {
        open.respondedAt = nanoTime;
    }

    /** How many nodes have seen the open change. */
    public int arrivals() {
        Change change = open;
        int count = 0;
        for (int i = 0; change != null && i < nodes; i++) {
            if (change.receivedAt.get(i) >= 0) {
                count++;
            }
        }
        return count;
    }

    /** Closes the open change; nodes that have not seen it by now are counted as missing it. */
    public void close() {
        synchronized (closed) {
            closed.add(open);
        }
        open = null;
    }

    /**
     * Over every closed change whose request got a response: one latency per node that saw it (a node that saw the
     * new version before the response was complete counts as 0), and the number of node-changes missed.
     */
    public LatencySummary summary(long limitNanos) {
        List<Long> latencies = new ArrayList<>();
        int missing = 0;
        synchronized (closed) {
            for (Change change : closed) {
                if (change.respondedAt < 0) {
                    continue;
                }
                for (int i = 0; i < nodes; i++) {
                    long at = change.receivedAt.get(i);
                    if (at < 0) {
                        missing++;
                    } else {
                        latencies.add(Math.max(0, at - change.respondedAt));
                    }
                }
            }
        }
        return LatencySummary.of(latencies.stream().mapToLong(Long::longValue).toArray(), missing, limitNanos);
    }

    /** Closed changes whose request got a response. */
    public int changes() {
        synchronized (closed) {
            return (int) closed.stream().filter(c -> c.respondedAt >= 0).count();
        }
    }

    /** Forgets the closed changes, to report the next phase on its own. */
    public void reset() {
        synchronized (closed) {
            closed.clear();
        }
    }
}
