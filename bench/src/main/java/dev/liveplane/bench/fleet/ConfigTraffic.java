package dev.liveplane.bench.fleet;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the simulated nodes receive of their config, as bodies on the wire: whole snapshots (at start, and after
 * a 409 from {@code /config/changes}) and deltas, so a phase can tell the bytes each node received per change.
 */
final class ConfigTraffic {

    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong snapshotBytes = new AtomicLong();
    private final AtomicLong deltas = new AtomicLong();
    private final AtomicLong deltaBytes = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();

    /** The counts at one moment; {@link #since} gives a phase's own. */
    record Totals(long snapshots, long snapshotBytes, long deltas, long deltaBytes, long unavailable) {

        Totals since(Totals before) {
            return new Totals(snapshots - before.snapshots, snapshotBytes - before.snapshotBytes,
                    deltas - before.deltas, deltaBytes - before.deltaBytes, unavailable - before.unavailable);
        }

        /** One summary line: what came, and the bytes one node received for one change on average. */
        String line(String phase, int nodes, int changes) {
            double perNodePerChange = nodes * (double) changes == 0 ? 0
                    : (snapshotBytes + deltaBytes) / (nodes * (double) changes);
            return String.format(Locale.ROOT, "FLEET config-traffic phase=%s snapshots=%d snapshot_bytes=%d deltas=%d"
                    + " delta_bytes=%d changes_unavailable=%d bytes_per_node_per_change=%.0f", phase, snapshots,
                    snapshotBytes, deltas, deltaBytes, unavailable, perNodePerChange);
        }
    }

    void snapshot(int bytes) {
        snapshots.incrementAndGet();
        snapshotBytes.addAndGet(bytes);
    }

    void delta(int bytes) {
        deltas.incrementAndGet();
        deltaBytes.addAndGet(bytes);
    }

    void unavailable() {
        unavailable.incrementAndGet();
    }

    Totals totals() {
        return new Totals(snapshots.get(), snapshotBytes.get(), deltas.get(), deltaBytes.get(), unavailable.get());
    }
}
