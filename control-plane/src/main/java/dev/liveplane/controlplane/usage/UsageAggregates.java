package dev.liveplane.controlplane.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up a group's counted records into what the intake writes besides the raw rows: the (tenant, domain, bucket)s
 * the roller is to fold and roll up, and billable bytes per tenant and bucket for the billed protocols. Each list is
 * in key order (see {@link UsageIntake}). {@link NodeRow} is the roller's: per-node 5-minute sums.
 */
record UsageAggregates(List<PendingRow> pending, List<BillableRow> billable) {

    /** A per-node 5-minute delta: added to the row of the same key (peak: the larger kept). */
    record NodeRow(Instant bucketStart, String tenantId, String domain, String app, String stream, String protocol,
            String nodeId, long bytes, long viewerSeconds, int peakViewers) {
    }

    /** A (tenant, domain, 5-minute bucket) whose rollups must be rebuilt. */
    record PendingRow(String tenantId, String domain, Instant bucketStart) {
    }

    /** Billed bytes of a tenant in a 5-minute bucket. */
    record BillableRow(String tenantId, Instant bucketStart, long bytes) {
    }

    private static final Comparator<PendingRow> PENDING_ORDER = Comparator.comparing(PendingRow::tenantId)
            .thenComparing(PendingRow::domain).thenComparing(PendingRow::bucketStart);
    static final Comparator<NodeRow> NODE_ORDER = Comparator.comparing(NodeRow::tenantId)
            .thenComparing(NodeRow::domain).thenComparing(NodeRow::bucketStart).thenComparing(NodeRow::app)
            .thenComparing(NodeRow::stream).thenComparing(NodeRow::protocol).thenComparing(NodeRow::nodeId);
    private static final Comparator<BillableRow> BILLABLE_ORDER = Comparator.comparing(BillableRow::tenantId)
            .thenComparing(BillableRow::bucketStart);

    static UsageAggregates of(List<UsageIntake.MeteredRow> rows) {
        Map<PendingRow, Boolean> pending = new TreeMap<>(PENDING_ORDER);
        Map<BillableRow, long[]> billable = new TreeMap<>(BILLABLE_ORDER);
        for (UsageIntake.MeteredRow row : rows) {
            MeteredUsage r = row.record();
            pending.put(new PendingRow(r.tenantId(), r.domain(), r.bucketStart()), Boolean.TRUE);
            if (r.protocol().billed() && r.bytes() > 0) {
                billable.computeIfAbsent(new BillableRow(r.tenantId(), r.bucketStart(), 0), k -> new long[1])[0]
                        += r.bytes();
            }
        }
        List<BillableRow> billableRows = new ArrayList<>(billable.size());
        billable.forEach((k, v) -> billableRows.add(new BillableRow(k.tenantId(), k.bucketStart(), v[0])));
        return new UsageAggregates(List.copyOf(pending.keySet()), billableRows);
    }
}
