package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Turns any number of concurrent event calls into at most {@code liveplane.fleet.event-ingest-concurrency}
 * recordings at once (first come, first served), each holding one pooled connection. Without it a burst of event
 * calls took every connection of the pool (the blocking executor grew past a thousand threads under bench/fleet.sh),
 * and the config watcher's tick, heartbeats and the tenant API queued behind them: config changes missed their 2 s.
 * A call that cannot start within {@code event-ingest-wait} is answered 503 with {@code Retry-After}, which a node
 * retries with backoff.
 */
@Singleton
final class EventIngestGate {

    private final Semaphore permits;
    private final Duration wait;

    EventIngestGate(@Value("${liveplane.fleet.event-ingest-concurrency:6}") int concurrency,
            @Value("${liveplane.fleet.event-ingest-wait:10s}") Duration wait) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("liveplane.fleet.event-ingest-concurrency must be at least 1");
        }
        this.permits = new Semaphore(concurrency, true);
        this.wait = wait;
    }

    <T> T run(Supplier<T> recording) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "The control plane is busy recording other"
                    + " nodes' events; send this batch again", List.of(), Map.of("Retry-After", "1"));
        }
        try {
            return recording.get();
        } finally {
            permits.release();
        }
    }
}
