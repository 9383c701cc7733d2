package dev.liveplane.controlplane.node;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the nodes' long polls are answered at the current version, each computed once and only when first asked: the
 * whole snapshot (about 10 s at 100,000 domains, so not on every change, only when a node without one asks) and one
 * delta per distinct version the nodes hold (a thousand nodes at the same version cost one computation and share one
 * body; at most {@value #MAX_DELTAS_PER_VERSION} kept per version). {@link ConfigWatcher} starts a new generation when
 * the version moves; work is done off the event loop.
 */
@Singleton
final class ConfigAnswers {

    /** Distinct versions answered per version: a fleet holds a few at once (one per change it has not taken yet). */
    static final int MAX_DELTAS_PER_VERSION = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAnswers.class);

    private final ConfigSnapshots snapshots;
    private final ConfigDeltas deltas;
    private final ExecutorService executor;

    private volatile Generation generation;

    ConfigAnswers(ConfigSnapshots snapshots, ConfigDeltas deltas,
            @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.snapshots = snapshots;
        this.deltas = deltas;
        this.executor = executor;
        this.generation = new Generation(-1, executor);
    }

    /** The answers for one version; a failed computation is forgotten, so the next ask tries again. */
    private static final class Generation {
        final long version;
        final AtomicReference<CompletableFuture<ConfigSnapshots.Serialized>> snapshot = new AtomicReference<>();
        /** Bounded, since a node may name any version: past it the least used are computed again when asked. */
        final AsyncCache<Long, ConfigDeltas.Outcome> deltas;

        Generation(long version, ExecutorService executor) {
            this.version = version;
            this.deltas = Caffeine.newBuilder().maximumSize(MAX_DELTAS_PER_VERSION).executor(executor).buildAsync();
        }
    }

    /** The version moved: answers computed for an older one are dropped (nodes asking now get the new ones). */
    void moveTo(long version) {
        if (generation.version != version) {
            generation = new Generation(version, executor);
        }
    }

    CompletableFuture<ConfigSnapshots.Serialized> snapshot() {
        Generation now = generation;
        CompletableFuture<ConfigSnapshots.Serialized> fresh = new CompletableFuture<>();
        CompletableFuture<ConfigSnapshots.Serialized> held = now.snapshot.compareAndExchange(null, fresh);
        if (held != null) {
            return held;
        }
        compute(fresh, () -> {
            long started = System.nanoTime();
            ConfigSnapshots.Serialized built = snapshots.build();
            LOG.info("config snapshot built version={} bytes={} millis={}", built.version(), built.body().length,
                    (System.nanoTime() - started) / 1_000_000);
            return built;
        }, () -> now.snapshot.compareAndSet(fresh, null));
        return fresh;
    }

    /** The delta from {@code since}; a failed computation leaves the cache (Caffeine drops it), so it is retried. */
    CompletableFuture<ConfigDeltas.Outcome> delta(long since) {
        return generation.deltas.get(since, (key, pool) -> CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            ConfigDeltas.Outcome outcome = deltas.since(since);
            if (outcome instanceof ConfigDeltas.Delta delta) {
                LOG.info("config delta built since={} version={} bytes={} millis={}", since, delta.version(),
                        delta.body().length, (System.nanoTime() - started) / 1_000_000);
            }
            return outcome;
        }, pool));
    }

    private <T> void compute(CompletableFuture<T> answer, Supplier<T> work, Runnable forget) {
        executor.execute(() -> {
            try {
                answer.complete(work.get());
            } catch (RuntimeException e) {
                forget.run();
                answer.completeExceptionally(e);
            }
        });
    }
}
