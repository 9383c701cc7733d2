package dev.liveplane.controlplane.usage;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Counts nodes' usage records once, in one transaction per group of node calls: stores the raw records (a replayed
 * record id changes nothing), marks the group (its id on each raw row it stored, and its (tenant, domain, bucket)s)
 * for {@link UsageRoller} to fold into the per-node rows and roll up, and writes the billable bytes of billed protocols for the charger (the contract of
 * {@code usage_billable}: one row per tenant and bucket per group, in the records' transaction).
 *
 * <p>Why it is shaped so: ingestion must take 50,000 records a second. Every step is a multi-row statement over the
 * whole group (one INSERT IGNORE of the raw rows tells how many were new from its update count; only when some were
 * not does one SELECT find which), so a group of 1,000 records costs about four round trips and a commit. Nothing
 * here updates a row in place: the per-node rows and the rollups, per-record upserts that concurrent groups of one
 * node would contend on (measured: 44,000 counted rows/s with the upsert here, 70,000 without), are the roller's,
 * which folds each second's new raw rows once, by the group ids the marks name. Rows are written in key order, so concurrent writers take the billable
 * journal's locks in the same order and do not deadlock.
 */
@Singleton
final class UsageIntake {

    /** Rows per multi-row statement: one statement for a full node batch, well under any packet or placeholder cap. */
    private static final int CHUNK = 1000;
    private static final Comparator<Counted> RAW_ORDER = Comparator.comparing((Counted c) -> c.record.bucketStart())
            .thenComparing(c -> c.nodeId).thenComparing(c -> c.id, Arrays::compareUnsigned);

    private final TransactionOperations<Connection> transactions;
    private final UsageSql sql;

    UsageIntake(TransactionOperations<Connection> transactions, UsageSql sql) {
        this.transactions = transactions;
        this.sql = sql;
    }

    /** One node call's records, each checked by {@link UsageRules}. */
    record NodeRecords(String nodeId, List<MeteredUsage> records) {
    }

    /** A record of the group with what it is stored under: its node, its id's bytes and its call. */
    private record Counted(int call, String nodeId, byte[] id, MeteredUsage record) {
    }

    /**
     * Counts the records of several node calls in one transaction and answers how many of each call's were new. The
     * first of an id wins, as if a repeat inside the group had come in a later call. Any failure rolls all back and is
     * thrown; nothing was counted then.
     */
    int[] count(List<NodeRecords> calls) {
        long intakeId = ThreadLocalRandom.current().nextLong();
        List<Counted> rows = new ArrayList<>();
        Set<Key> inGroup = new HashSet<>();
        for (int c = 0; c < calls.size(); c++) {
            NodeRecords call = calls.get(c);
            for (MeteredUsage record : call.records()) {
                byte[] id = record.recordId().getBytes(StandardCharsets.UTF_8);
                if (inGroup.add(new Key(call.nodeId(), id))) {
                    rows.add(new Counted(c, call.nodeId(), id, record));
                }
            }
        }
        rows.sort(RAW_ORDER);
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            List<Counted> fresh = insertRaw(connection, rows, intakeId);
            int[] counts = new int[calls.size()];
            fresh.forEach(row -> counts[row.call]++);
            List<MeteredRow> metered = new ArrayList<>(fresh.size());
            fresh.forEach(row -> metered.add(new MeteredRow(row.nodeId, row.record)));
            UsageAggregates aggregates = UsageAggregates.of(metered);
            sql.markPending(connection, aggregates.pending(), intakeId);
            sql.insertBillable(connection, aggregates.billable(), Instant.now());
            return counts;
        });
    }

    /** Inserts the rows not stored before and answers those: the rows that count now, in key order. */
    private List<Counted> insertRaw(Connection connection, List<Counted> rows, long intakeId) {
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<Counted> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            inserted += sql.insertRaw(connection, chunk.stream().map(c -> new RawRow(c.nodeId, c.id, c.record))
                    .toList(), intakeId);
        }
        if (inserted == rows.size()) {
            return rows;
        }
        // Some ids were stored before (a replay), by another transaction: find which, the rare path.
        Set<Key> stored = storedBefore(connection, rows, intakeId);
        List<Counted> fresh = new ArrayList<>(inserted);
        for (Counted row : rows) {
            if (!stored.contains(new Key(row.nodeId, row.id))) {
                fresh.add(row);
            }
        }
        if (fresh.size() != inserted) {
            throw new IllegalStateException("usage intake: " + inserted + " rows inserted but " + fresh.size()
                    + " found new");
        }
        return fresh;
    }

    private Set<Key> storedBefore(Connection connection, List<Counted> rows, long intakeId) {
        Map<BucketNode, List<byte[]>> ids = new HashMap<>();
        rows.forEach(row -> ids.computeIfAbsent(new BucketNode(row.record.bucketStart(), row.nodeId),
                k -> new ArrayList<>()).add(row.id));
        Set<Key> stored = new HashSet<>();
        ids.forEach((bucketNode, list) -> {
            for (int from = 0; from < list.size(); from += CHUNK) {
                sql.storedBefore(connection, bucketNode.bucketStart(), bucketNode.nodeId(),
                        list.subList(from, Math.min(list.size(), from + CHUNK)), intakeId)
                        .forEach(id -> stored.add(new Key(bucketNode.nodeId(), id)));
            }
        });
        return stored;
    }

    private record BucketNode(Instant bucketStart, String nodeId) {
    }

    /** A node's record id, compared by its bytes as the binary column compares them. */
    record Key(String nodeId, byte[] id) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.nodeId.equals(nodeId) && Arrays.equals(key.id, id);
        }

        @Override
        public int hashCode() {
            return nodeId.hashCode() * 31 + Arrays.hashCode(id);
        }

        @Override
        public String toString() {
            return nodeId + "/" + new String(id, StandardCharsets.UTF_8);
        }
    }

    /** A raw row to insert. */
    record RawRow(String nodeId, byte[] id, MeteredUsage record) {
    }

    /** A counted record and its node. */
    record MeteredRow(String nodeId, MeteredUsage record) {
    }
}
