package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.propagation.PropagatedContext;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs node heartbeats' transactions on {@code liveplane.fleet.heartbeat-concurrency} threads of their own, the
 * heartbeats waiting their turn in a bounded queue; one that finds the queue full is answered 503 with
 * {@code Retry-After}, and the node heartbeats again at its next interval.
 *
 * <p>Why: on the blocking executor every heartbeat took a thread of its own and queued for a pooled connection. A
 * thousand nodes heartbeat 200 times a second, so an instance short of CPU for a moment (two instances on one core,
 * bench/fleet.sh) held hundreds to thousands of threads waiting in the pool, each costing the scheduler and its stack,
 * and a tenant's sign-up waited behind them all until it timed out. Bounded here, heartbeats use at most this many
 * connections and threads, and the rest of the pool stays free for the API, as it does with the event writers.
 */
@Singleton
final class HeartbeatWriters {

    /** About ten seconds of a thousand nodes' heartbeats: older news than that is worth less than a retry. */
    static final int MAX_QUEUED = 2_000;

    private final ThreadPoolExecutor executor;

    @Inject
    HeartbeatWriters(@Value("${liveplane.fleet.heartbeat-concurrency:4}") int writers) {
        this(writers, MAX_QUEUED);
    }

    HeartbeatWriters(int writers, int maxQueued) {
        if (writers < 1) {
            throw new IllegalArgumentException("liveplane.fleet.heartbeat-concurrency must be at least 1");
        }
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(writers, writers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued), runnable -> {
                    Thread thread = new Thread(runnable, "heartbeat-writer-" + count.getAndIncrement());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The heartbeat's answer once {@code work} has run on a writer, with the request's logging context; 503 when full. */
    <T> CompletableFuture<T> submit(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(PropagatedContext.getOrEmpty().wrap(work), executor);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control"
                    + " plane is busy recording other nodes' heartbeats; heartbeat again", List.of(),
                    Map.of("Retry-After", "1")));
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
