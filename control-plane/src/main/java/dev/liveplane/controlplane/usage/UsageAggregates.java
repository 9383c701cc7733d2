package dev.liveplane.controlplane.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds up a group's counted records into what the intake writes besides the raw rows: per-node 5-minute rows
 * (bytes and viewer-seconds added, the largest peak kept), the (tenant, domain, bucket)s to roll up, and billable
 * bytes per tenant and bucket for the billed protocols. Each list is in key order (see {@link UsageIntake}).
 */
record UsageAggregates(List<NodeRow> nodeRows, List<PendingRow> pending, List<BillableRow> billable) {

    /** A per-node 5-minute delta: added to the row of the same key. */
    record NodeRow(Instant bucketStart, String tenantId, String domain, String app, String stream, String protocol,
            String nodeId, long bytes, long viewerSeconds, int peakViewers) {
    }

    /** A (tenant, domain, 5-minute bucket) whose rollups must be rebuilt. */
    record PendingRow(String tenantId, String domain, Instant bucketStart) {
    }

    /** Billed bytes of a tenant in a 5-minute bucket. */
    record BillableRow(String tenantId, Instant bucketStart, long bytes) {
    }

    private static final Comparator<NodeRow> NODE_ORDER = Comparator.comparing(NodeRow::tenantId)
            .thenComparing(NodeRow::domain).thenComparing(NodeRow::bucketStart).thenComparing(NodeRow::app)
            .thenComparing(NodeRow::stream).thenComparing(NodeRow::protocol).thenComparing(NodeRow::nodeId);
    private static final Comparator<PendingRow> PENDING_ORDER = Comparator.comparing(PendingRow::tenantId)
            .thenComparing(PendingRow::domain).thenComparing(PendingRow::bucketStart);
    private static final Comparator<BillableRow> BILLABLE_ORDER = Comparator.comparing(BillableRow::tenantId)
            .thenComparing(BillableRow::bucketStart);

    static UsageAggregates of(List<UsageIntake.MeteredRow> rows) {
        Map<NodeRow, long[]> nodes = new TreeMap<>(NODE_ORDER);
        Map<PendingRow, Boolean> pending = new TreeMap<>(PENDING_ORDER);
        Map<BillableRow, long[]> billable = new TreeMap<>(BILLABLE_ORDER);
        for (UsageIntake.MeteredRow row : rows) {
            MeteredUsage r = row.record();
            long[] sums = nodes.computeIfAbsent(new NodeRow(r.bucketStart(), r.tenantId(), r.domain(), r.app(),
                    r.stream(), r.protocol().wire(), row.nodeId(), 0, 0, 0), k -> new long[3]);
            sums[0] += r.bytes();
            sums[1] += r.viewerSeconds();
            sums[2] = Math.max(sums[2], r.peakViewers());
            pending.put(new PendingRow(r.tenantId(), r.domain(), r.bucketStart()), Boolean.TRUE);
            if (r.protocol().billed() && r.bytes() > 0) {
                billable.computeIfAbsent(new BillableRow(r.tenantId(), r.bucketStart(), 0), k -> new long[1])[0]
                        += r.bytes();
            }
        }
        List<NodeRow> nodeRows = new ArrayList<>(nodes.size());
        nodes.forEach((k, v) -> nodeRows.add(new NodeRow(k.bucketStart(), k.tenantId(), k.domain(), k.app(),
                k.stream(), k.protocol(), k.nodeId(), v[0], v[1], (int) v[2])));
        List<BillableRow> billableRows = new ArrayList<>(billable.size());
        billable.forEach((k, v) -> billableRows.add(new BillableRow(k.tenantId(), k.bucketStart(), v[0])));
        return new UsageAggregates(nodeRows, List.copyOf(pending.keySet()), billableRows);
    }
}
