package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.controlplane.GroupCommit;
import dev.liveplane.controlplane.ReadCommitted;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records nodes' heartbeats in few transactions ({@link GroupCommit}), as {@link StreamEventBatcher} records their
 * events: a call waits in a bounded queue, and {@code liveplane.fleet.heartbeat-writers} writer threads each take
 * every heartbeat waiting (up to {@value #MAX_GROUP}) and record them in one transaction, node rows locked in id
 * order. Each heartbeat's own work is unchanged: the node's row, the streams it announces
 * ({@link NodeStreamsAnnounced}) and its load ({@link NodeHeartbeatReceived}).
 *
 * <p>Why: at 1,000 nodes heartbeats come 200 a second, and one transaction each cost a parked request thread, a pooled
 * connection and a commit (a log flush) per heartbeat; with two control-plane instances on two cores that was CPU the
 * event calls needed (bench/README.md). A group that fails is recorded heartbeat by heartbeat, each in its own
 * transaction, so one node's bad heartbeat (or a deadlock with another group) fails that node's call alone. A call
 * that finds the queue full, or waits longer than {@code heartbeat-wait}, is answered 503 with {@code Retry-After};
 * a node's next heartbeat comes anyway.
 *
 * <p>At READ COMMITTED ({@link ReadCommitted}): under repeatable read a group's reads inside its updates (the
 * viewers summed into a session's peak) take next-key locks on the viewers' index, and the other instance's group
 * inserting its nodes' viewers into those gaps deadlocked with it: 8 deadlocks in a two-instance run with 10,000
 * streams (bench/README.md), each group then recorded one heartbeat at a time. Nothing here needs an older snapshot:
 * a node's rows are written only by its own heartbeats, serialized by its row's lock.
 */
@Singleton
final class HeartbeatRecorder {

    static final int MAX_GROUP = 200;
    private static final int MAX_QUEUED_CALLS = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatRecorder.class);
    private static final TransactionDefinition READ_COMMITTED = ReadCommitted.named("record heartbeats");

    private final NodeRepository nodes;
    private final NodeCredentials credentials;
    private final EdgeRecords edge;
    private final TransactionOperations<Connection> transactions;
    private final ApplicationEventPublisher<NodeHeartbeatReceived> heartbeats;
    private final ApplicationEventPublisher<NodeStreamsAnnounced> announced;
    private final Executor blocking;
    private final GroupCommit<Call> commits;

    HeartbeatRecorder(NodeRepository nodes, NodeCredentials credentials, EdgeRecords edge,
            TransactionOperations<Connection> transactions, ApplicationEventPublisher<NodeHeartbeatReceived> heartbeats,
            ApplicationEventPublisher<NodeStreamsAnnounced> announced, @Named(TaskExecutors.BLOCKING) Executor blocking,
            @Value("${liveplane.fleet.heartbeat-writers:2}") int writers,
            @Value("${liveplane.fleet.heartbeat-wait:5s}") Duration wait) {
        if (writers < 1) {
            throw new IllegalArgumentException("liveplane.fleet.heartbeat-writers must be at least 1");
        }
        this.nodes = nodes;
        this.credentials = credentials;
        this.edge = edge;
        this.transactions = transactions;
        this.heartbeats = heartbeats;
        this.announced = announced;
        this.blocking = blocking;
        this.commits = new GroupCommit<>("heartbeat", writers, MAX_QUEUED_CALLS, MAX_GROUP, wait, call -> 1,
                this::record, call -> call.ack().completeExceptionally(busy()));
    }

    /** What a heartbeat answers: the node's status, and a fresh credential when its current one is aging. */
    record Ack(String status, Optional<NodeCredentials.Issued> credential) {
    }

    private record Call(NodeCaller caller, NodeHeartbeat heartbeat, CompletableFuture<Ack> ack) {
        String nodeId() {
            return caller.nodeId();
        }
    }

    /** The node's status before and after its heartbeat; null before when the node is not (or no longer) known. */
    private record Transition(String before, String after) {
    }

    /** Records the heartbeat with others waiting; the answer comes once its group has committed, 503 when behind. */
    CompletableFuture<Ack> record(NodeCaller caller, NodeHeartbeat heartbeat) {
        Call call = new Call(caller, heartbeat, new CompletableFuture<>());
        if (!commits.offer(call)) {
            call.ack().completeExceptionally(busy());
        }
        return call.ack();
    }

    private void record(List<Call> group) {
        List<Call> ordered = new ArrayList<>(group);
        // In id order, so that two groups (or a group and the liveness sweep) never lock node rows in opposite orders.
        ordered.sort(Comparator.comparing(Call::nodeId));
        List<Transition> transitions;
        try {
            Instant now = Times.now();
            transitions = transactions.execute(READ_COMMITTED, status -> {
                List<Transition> made = new ArrayList<>(ordered.size());
                for (Call call : ordered) {
                    made.add(recordOne(call, now));
                }
                return made;
            });
        } catch (RuntimeException e) {
            if (ordered.size() > 1) {
                LOG.debug("heartbeat group of {} failed, recording them one by one", ordered.size(), e);
            }
            transitions = new ArrayList<>(ordered.size());
            for (Call call : ordered) {
                try {
                    transitions.add(transactions.execute(READ_COMMITTED, status -> recordOne(call, Times.now())));
                } catch (RuntimeException failure) {
                    transitions.add(null);
                    call.ack().completeExceptionally(failure);
                }
            }
        }
        answer(ordered, transitions);
    }

    /** One heartbeat's writes, in the caller's transaction; a node the table no longer holds writes nothing. */
    private Transition recordOne(Call call, Instant now) {
        String nodeId = call.nodeId();
        NodeHeartbeat heartbeat = call.heartbeat();
        // Deleted on another instance since this one last read the fleet's standings, or unknown (a node registered
        // just now is taken on trust until the next read): refused as the filter would, once the group committed.
        Optional<NodeRow> row = nodes.findForUpdate(nodeId);
        if (row.isEmpty()) {
            return new Transition(null, null);
        }
        // Streams are those published here (relayed ones show up as viewers); a heartbeat lists every stream with
        // viewers on the node, publishing or not.
        int streams = (int) heartbeat.getStreams().stream().filter(s -> Boolean.TRUE.equals(s.getPublishing()))
                .count();
        long viewers = heartbeat.getStreams().stream().mapToLong(StreamLoad::getViewers).sum();
        nodes.recordHeartbeat(nodeId, now, heartbeat.getConfigVersion(), streams,
                (int) Math.min(Integer.MAX_VALUE, viewers), heartbeat.getDraining());
        if (heartbeat.getPublished() != null) {
            // With the row locked: a delete or a silencing of this node cannot interleave with the reconcile.
            announced.publishEvent(new NodeStreamsAnnounced(nodeId, heartbeat.getPublished()));
        }
        heartbeats.publishEvent(new NodeHeartbeatReceived(nodeId, heartbeat.getStreams()));
        // As the UPDATE decided it; the row is locked, so drain_requested is still what was read.
        return new Transition(row.get().status(), row.get().drainRequested() || heartbeat.getDraining()
                ? NodeRow.DRAINING : NodeRow.HEALTHY);
    }

    /**
     * Answers each call of a committed group. When nodes changed status the edge records are reconciled once, off the
     * writer thread (the DNS provider may take seconds), and those nodes are answered after it, as before grouping.
     */
    private void answer(List<Call> ordered, List<Transition> transitions) {
        List<Runnable> afterReconcile = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < ordered.size(); i++) {
            Call call = ordered.get(i);
            Transition transition = transitions.get(i);
            if (transition == null) {
                continue; // answered with its failure
            }
            String nodeId = call.nodeId();
            if (transition.after() == null) {
                call.ack().completeExceptionally(gone(nodeId));
                continue;
            }
            Ack ack = new Ack(transition.after(), call.caller().credentialAgingAt(now)
                    ? Optional.of(credentials.issue(nodeId)) : Optional.empty());
            if (transition.after().equals(transition.before())) {
                call.ack().complete(ack);
            } else {
                LOG.info("node status changed nodeId={} from={} to={}", nodeId, transition.before(),
                        transition.after());
                afterReconcile.add(() -> call.ack().complete(ack));
            }
        }
        if (!afterReconcile.isEmpty()) {
            blocking.execute(() -> {
                try {
                    edge.reconcile();
                } finally {
                    afterReconcile.forEach(Runnable::run);
                }
            });
        }
    }

    private ProblemException gone(String nodeId) {
        return nodes.findById(nodeId).isPresent() ? NodeAuthenticationFilter.deleted(nodeId)
                : new ProblemException(ProblemType.UNAUTHORIZED, "The node credential names no node known here;"
                        + " register the node again");
    }

    private static ProblemException busy() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane is busy recording other"
                + " nodes' heartbeats; send the next one", List.of(), Map.of("Retry-After", "1"));
    }

    @PreDestroy
    void stop() {
        commits.stop();
    }
}
