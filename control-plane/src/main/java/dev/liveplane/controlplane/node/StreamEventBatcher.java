package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.GroupCommit;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the event calls of many nodes in few transactions ({@link GroupCommit}). Calls wait in a bounded queue;
 * {@code liveplane.fleet.event-ingest-concurrency} writer threads each take every call waiting (up to
 * {@value #MAX_GROUP_EVENTS} events) and record them together in one transaction on one pooled connection.
 *
 * <p>Why: one transaction per call cost a blocking thread, a pooled connection, ~9 round trips and a commit per call;
 * under bench/fleet.sh (1,000 single-event calls a second) the calls queued for the pool with heartbeats and the
 * config watcher behind them, and 340 a second got through. A group costs the same fixed number of statements
 * whatever its size, and event calls never hold more connections than there are writers, so the rest of the pool
 * stays free for config polls, heartbeats and the API. A group that fails is recorded call by call
 * ({@link StreamEventIntake#record}), which finds and sets aside a record the database refuses, as before. A call
 * that finds the queue full, or waits longer than {@code event-ingest-wait}, is answered 503 with
 * {@code Retry-After}, which a node retries with backoff.
 */
@Singleton
final class StreamEventBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventBatcher.class);
    static final int MAX_GROUP_EVENTS = 1000;
    private static final int MAX_QUEUED_CALLS = 8192;

    private final StreamEventIntake intake;
    private final GroupCommit<Call> commits;

    StreamEventBatcher(StreamEventIntake intake,
            @Value("${liveplane.fleet.event-ingest-concurrency:2}") int writers,
            @Value("${liveplane.fleet.event-ingest-wait:10s}") Duration wait) {
        if (writers < 1) {
            throw new IllegalArgumentException("liveplane.fleet.event-ingest-concurrency must be at least 1");
        }
        this.intake = intake;
        this.commits = new GroupCommit<>("event", writers, MAX_QUEUED_CALLS, MAX_GROUP_EVENTS, wait,
                call -> call.events().size(), this::record, call -> call.outcome().completeExceptionally(busy()));
    }

    /** One node call's checked events, and its answer once its group has committed. */
    private record Call(String nodeId, List<StreamEventReader.Checked> events,
            CompletableFuture<StreamEventIntake.Outcome> outcome) {
    }

    /** How many of the events were new and which the database refused, once committed; 503 when behind. */
    CompletableFuture<StreamEventIntake.Outcome> record(String nodeId, List<StreamEventReader.Checked> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new StreamEventIntake.Outcome(0, List.of()));
        }
        Call call = new Call(nodeId, events, new CompletableFuture<>());
        if (!commits.offer(call)) {
            call.outcome().completeExceptionally(busy());
        }
        return call.outcome();
    }

    private void record(List<Call> group) {
        List<Integer> accepted;
        try {
            accepted = intake.recordTogether(group.stream().map(call -> new StreamEventsReported.NodeBatch(
                    call.nodeId(), call.events().stream().map(StreamEventReader.Checked::event).toList())).toList());
        } catch (RuntimeException e) {
            if (group.size() > 1) {
                LOG.debug("stream event group of {} calls failed, recording them one by one", group.size(), e);
            }
            // Alone, a call's own bad record is found and set aside; a failure every call meets is its answer.
            for (Call call : group) {
                try {
                    call.outcome().complete(intake.record(call.nodeId(), call.events()));
                } catch (RuntimeException failure) {
                    call.outcome().completeExceptionally(failure);
                }
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).outcome().complete(new StreamEventIntake.Outcome(accepted.get(i), List.of()));
        }
    }

    private static ProblemException busy() {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane is busy recording other"
                + " nodes' events; send this batch again", List.of(), Map.of("Retry-After", "1"));
    }

    @PreDestroy
    void stop() {
        commits.stop();
    }
}
