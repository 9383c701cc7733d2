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
 * Turns the event calls of many nodes into few transactions (group commit): calls wait in a bounded queue, and
 * {@code liveplane.fleet.event-ingest-concurrency} writer threads each take every call waiting (up to
 * {@value #MAX_GROUP_EVENTS} events) and record them in one transaction, on one pooled connection.
 *
 * <p>Why: recorded one transaction per call, 1,000 single-event calls a second cost 1,000 commits and some 9,000
 * round trips, a blocking thread and a pooled connection each; under bench/fleet.sh the calls queued for the pool
 * (with heartbeats and the config watcher behind them) and reached 316 a second. A group costs one commit and a
 * fixed number of statements per call, and never more connections than writers. A group that fails is recorded
 * call by call ({@link StreamEventIntake#record}), which finds the record at fault as before. A call that waits
 * longer than {@code event-ingest-wait}, or finds the queue full, is answered 503 with {@code Retry-After}, which a
 * node retries with backoff.
 */
@Singleton
final class StreamEventBatcher {

    private static final Logger LOG = LoggerFactory.getLogger(StreamEventBatcher.class);
    static final int MAX_GROUP_EVENTS = 1000;
    private static final int QUEUE_CALLS = 8192;

    private final StreamEventIntake intake;
    private final Duration wait;
    private final BlockingQueue<Call> queue = new ArrayBlockingQueue<>(QUEUE_CALLS);
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    StreamEventBatcher(StreamEventIntake intake,
            @Value("${liveplane.fleet.event-ingest-concurrency:1}") int concurrency,
            @Value("${liveplane.fleet.event-ingest-wait:10s}") Duration wait) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("liveplane.fleet.event-ingest-concurrency must be at least 1");
        }
        this.intake = intake;
        this.wait = wait;
        for (int i = 0; i < concurrency; i++) {
            Thread writer = new Thread(this::write, "event-writer-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    /** One node call's checked events, and its answer once its group is committed. */
    private record Call(String nodeId, List<StreamEventReader.Checked> events, long queuedNanos,
            CompletableFuture<StreamEventIntake.Outcome> outcome) {
    }

    /** The outcome of recording the events, once their group has committed; 503 when the control plane is behind. */
    CompletableFuture<StreamEventIntake.Outcome> record(String nodeId, List<StreamEventReader.Checked> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new StreamEventIntake.Outcome(0, List.of()));
        }
        Call call = new Call(nodeId, events, System.nanoTime(), new CompletableFuture<>());
        if (!queue.offer(call)) {
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
                int events = add(group, first);
                Call next;
                while (events < MAX_GROUP_EVENTS && (next = queue.poll()) != null) {
                    events += add(group, next);
                }
                if (!group.isEmpty()) {
                    record(group);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Every call of the group has its answer already (record completes each); keep writing.
                LOG.warn("stream event group failed error={}", e.toString());
            }
        }
    }

    /** Adds the call to the group, or answers it 503 when it waited too long for its turn; its events counted. */
    private int add(List<Call> group, Call call) {
        if (System.nanoTime() - call.queuedNanos() > wait.toNanos()) {
            call.outcome().completeExceptionally(busy());
            return 0;
        }
        group.add(call);
        return call.events().size();
    }

    private void record(List<Call> group) {
        List<Integer> accepted;
        try {
            accepted = intake.recordTogether(group.stream().map(call -> new StreamEventIntake.Batch(call.nodeId(),
                    call.events().stream().map(StreamEventReader.Checked::event).toList())).toList());
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
