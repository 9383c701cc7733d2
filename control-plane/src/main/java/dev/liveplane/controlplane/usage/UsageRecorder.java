package dev.liveplane.controlplane.usage;

import dev.liveplane.controlplane.GroupCommit;
import dev.liveplane.controlplane.LockConflicts;
import dev.liveplane.controlplane.RecordFaults;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the usage calls of many nodes in few transactions ({@link GroupCommit}): a call's records are checked
 * ({@link UsageRules}), then wait in a bounded queue (their domains' owners checked by the writer, {@link
 * UsageOwners}); {@code liveplane.usage.ingest.writers} writer threads each take
 * every call waiting (up to {@value #MAX_GROUP_RECORDS} records) and count them together ({@link UsageIntake}) on one
 * pooled connection. A group that fails is counted call by call; a call that fails alone because of a record is split
 * down to that record, which is set aside, so it never holds back the others. A call that finds the queue full or
 * waits longer than {@code liveplane.usage.ingest.wait} is answered 503 with {@code Retry-After}: the node's durable
 * reporter sends the same batch again, and its ids make that harmless.
 */
@Singleton
public final class UsageRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    static final int MAX_GROUP_RECORDS = 4000;
    private static final int MAX_QUEUED_CALLS = 4096;
    private static final int DEADLOCK_RETRIES = 3;

    private final UsageIntake intake;
    private final UsageRules rules;
    private final UsageOwners owners;
    private final GroupCommit<Call> commits;

    UsageRecorder(UsageIntake intake, UsageRules rules, UsageOwners owners, UsageSettings settings) {
        this.intake = intake;
        this.rules = rules;
        this.owners = owners;
        this.commits = new GroupCommit<>("usage", settings.writers, MAX_QUEUED_CALLS, MAX_GROUP_RECORDS,
                settings.wait, call -> call.records().size(), this::count,
                call -> call.outcome().completeExceptionally(busy()));
    }

    /** One node call's records that passed the rules, the ones that did not, and its answer once committed. */
    private record Call(String nodeId, List<MeteredUsage> records, List<UsageCounted.Refused> refused,
            CompletableFuture<UsageCounted> outcome) {
    }

    /**
     * Counts a node's checked records: how many were new and which were set aside, once committed; 503 when the
     * control plane is behind. Never blocks the caller (the controller answers from an event loop).
     */
    public CompletableFuture<UsageCounted> record(String nodeId, List<MeteredUsage> records) {
        List<MeteredUsage> passed = new ArrayList<>(records.size());
        List<UsageCounted.Refused> refused = new ArrayList<>();
        for (MeteredUsage record : records) {
            String problem = rules.problem(record);
            if (problem == null) {
                passed.add(record);
            } else {
                refused.add(new UsageCounted.Refused(record.index(), record.recordId(), problem));
            }
        }
        if (passed.isEmpty()) {
            return CompletableFuture.completedFuture(new UsageCounted(0, refused));
        }
        Call call = new Call(nodeId, passed, refused, new CompletableFuture<>());
        if (!commits.offer(call)) {
            call.outcome().completeExceptionally(busy());
        }
        return call.outcome();
    }

    private void count(List<Call> waiting) {
        List<Call> group = owned(waiting);
        if (group.isEmpty()) {
            return;
        }
        int[] accepted;
        try {
            accepted = retryingDeadlocks(group.stream().map(c -> new UsageIntake.NodeRecords(c.nodeId(), c.records()))
                    .toList());
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                LOG.debug("usage group of {} calls failed, counting them one by one", group.size(), e);
            }
            for (Call call : group) {
                try {
                    List<UsageCounted.Refused> refused = new ArrayList<>(call.refused());
                    int counted = splitting(call.nodeId(), call.records(), refused);
                    refused.sort((a, b) -> Integer.compare(a.index(), b.index()));
                    call.outcome().complete(new UsageCounted(counted, refused));
                } catch (RuntimeException failure) {
                    LOG.warn("usage call failed node={} records={} error={}", call.nodeId(), call.records().size(),
                            RecordFaults.describe(failure));
                    call.outcome().completeExceptionally(unavailable());
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Call call = group.get(i);
            call.outcome().complete(new UsageCounted(accepted[i], call.refused()));
        }
    }

    /**
     * The group with each record billed to another tenant than its domain registration's set aside ({@link
     * UsageOwners}); a call left with none is answered here. Empty when the owners cannot be read (every call is
     * then answered 503: the intake would meet the same database).
     */
    private List<Call> owned(List<Call> group) {
        Map<String, String> owning;
        try {
            owning = owners.owners(group.stream().flatMap(c -> c.records().stream()).map(MeteredUsage::domainId)
                    .toList());
        } catch (RuntimeException e) {
            LOG.warn("usage owners unreadable calls={} error={}", group.size(), RecordFaults.describe(e));
            group.forEach(call -> call.outcome().completeExceptionally(unavailable()));
            return List.of();
        }
        List<Call> owned = new ArrayList<>(group.size());
        for (Call call : group) {
            List<MeteredUsage> kept = new ArrayList<>(call.records().size());
            List<UsageCounted.Refused> refused = new ArrayList<>(call.refused());
            for (MeteredUsage record : call.records()) {
                String problem = owners.problem(record, owning);
                if (problem == null) {
                    kept.add(record);
                } else {
                    LOG.warn("usage record refused node={} id={} reason=\"{}\"", call.nodeId(), record.recordId(),
                            problem);
                    refused.add(new UsageCounted.Refused(record.index(), record.recordId(), problem));
                }
            }
            if (kept.size() == call.records().size()) {
                owned.add(call);
            } else if (kept.isEmpty()) {
                refused.sort((a, b) -> Integer.compare(a.index(), b.index()));
                call.outcome().complete(new UsageCounted(0, refused));
            } else {
                refused.sort((a, b) -> Integer.compare(a.index(), b.index()));
                owned.add(new Call(call.nodeId(), kept, refused, call.outcome()));
            }
        }
        return owned;
    }

    /** Counts one call's records, splitting it down to the record the database refuses, which is set aside. */
    private int splitting(String nodeId, List<MeteredUsage> records, List<UsageCounted.Refused> refused) {
        try {
            return retryingDeadlocks(List.of(new UsageIntake.NodeRecords(nodeId, records)))[0];
        } catch (RuntimeException e) {
            if (!RecordFaults.causedByRecord(e)) {
                throw e;
            }
            if (records.size() > 1) {
                int half = records.size() / 2;
                return splitting(nodeId, records.subList(0, half), refused)
                        + splitting(nodeId, records.subList(half, records.size()), refused);
            }
            MeteredUsage only = records.get(0);
            LOG.warn("usage record refused by the database node={} id={} error={}", nodeId, only.recordId(),
                    RecordFaults.describe(e));
            refused.add(new UsageCounted.Refused(only.index(), only.recordId(),
                    "database refused it: " + RecordFaults.describe(e)));
            return 0;
        }
    }

    /** A deadlock or lock wait timeout rolled the whole transaction back: nothing counted, so it is run again. */
    private int[] retryingDeadlocks(List<UsageIntake.NodeRecords> calls) {
        for (int attempt = 1; ; attempt++) {
            try {
                return intake.count(calls);
            } catch (RuntimeException e) {
                if (attempt > DEADLOCK_RETRIES || !LockConflicts.is(e)) {
                    throw e;
                }
                LOG.debug("usage intake lock conflict, attempt={}", attempt, e);
            }
        }
    }

    private static ProblemException busy() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane is busy counting other"
                + " nodes' usage; send this batch again", List.of(), Map.of("Retry-After", "1"));
    }

    private static ProblemException unavailable() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane could not count this usage"
                + " now; send this batch again", List.of(), Map.of("Retry-After", "5"));
    }

    @PreDestroy
    void stop() {
        commits.stop();
    }
}
