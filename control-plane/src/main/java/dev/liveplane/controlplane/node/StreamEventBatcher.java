package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the event calls of many nodes in few transactions (group commit). Calls wait in a bounded queue;
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
    private final Duration wait;
    private final BlockingQueue<Call> queue = new ArrayBlockingQueue<>(MAX_QUEUED_CALLS);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    StreamEventBatcher(StreamEventIntake intake,
            @Value("${liveplane.fleet.event-ingest-concurrency:2}") int writers,
            @Value("${liveplane.fleet.event-ingest-wait:10s}") Duration wait) {
        if (writers < 1) {
            throw new IllegalArgumentException("liveplane.fleet.event-ingest-concurrency must be at least 1");
        }
        this.intake = intake;
        this.wait = wait;
        for (int i = 0; i < writers; i++) {
            Thread writer = new Thread(this::write, "event-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            this.writers.add(writer);
        }
    }

    /** One node call's checked events, and its answer once its group has committed. */
    private record Call(String nodeId, List<StreamEventReader.Checked> events, long queuedAt,
            CompletableFuture<StreamEventIntake.Outcome> outcome) {
    }

    /** How many of the events were new and which the database refused, once committed; 503 when behind. */
    CompletableFuture<StreamEventIntake.Outcome> record(String nodeId, List<StreamEventReader.Checked> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new StreamEventIntake.Outcome(0, List.of()));
        }
        Call call = new Call(nodeId, events, System.nanoTime(), new CompletableFuture<>());
        if (!running || !queue.offer(call)) {
            call.outcome().completeExceptionally(busy());
        }
        return call.outcome();
    }

    private void write() {
        List<Call> group = new ArrayList<>();
        while (running) {
            try {
                Call first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                group.clear();
                int events = take(group, first);
                Call next;
                while (events < MAX_GROUP_EVENTS && (next = queue.poll()) != null) {
                    events += take(group, next);
                }
                if (!group.isEmpty()) {
                    record(group);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                // Every call of the group has had its answer (record completes each one); keep writing.
                LOG.warn("stream event group failed error={}", e.toString());
            }
        }
        // Stopping: nothing more is recorded, so whatever still waits is told to send again.
        for (Call call; (call = queue.poll()) != null; ) {
            call.outcome().completeExceptionally(busy());
        }
    }

    /** Adds the call to the group and counts its events, or answers it 503 when it waited too long for its turn. */
    private int take(List<Call> group, Call call) {
        if (System.nanoTime() - call.queuedAt() > wait.toNanos()) {
            call.outcome().completeExceptionally(busy());
            return 0;
        }
        group.add(call);
        return call.events().size();
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
        running = false;
        writers.forEach(Thread::interrupt);
    }
}
