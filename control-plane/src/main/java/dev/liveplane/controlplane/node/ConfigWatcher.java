package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config version and wakes the nodes' long polls without a thread per waiting node: every
 * {@value #TICK_MILLIS} ms one query reads {@code config_version} (so changes committed by any control-plane
 * instance are seen); when it moved, {@link ConfigAnswers} starts afresh and the polls waiting on another version
 * complete. What they are answered (the snapshot, a delta) is computed then, once, by whoever asks first.
 */
@Singleton
final class ConfigWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    static final long TICK_MILLIS = 200;

    private final ConfigVersion versions;
    private final ConfigAnswers answers;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    /** The version last read; -1 before the first read succeeds. */
    private volatile long seen = -1;
    /** Whether the last read failed, so a lasting failure is logged once, not on every tick. */
    private boolean failing;

    ConfigWatcher(ConfigVersion versions, ConfigAnswers answers) {
        this.versions = versions;
        this.answers = answers;
    }

    /** A long poll: the version the node holds, when it started waiting, and the version it is woken with. */
    private static final class Waiter {
        final long held;
        final long since = System.nanoTime();
        final CompletableFuture<Long> answer = new CompletableFuture<>();

        Waiter(long held) {
            this.held = held;
        }
    }

    /**
     * Completes with the current version when it differs from {@code held} (null: the node holds none): at once
     * when this instance has seen a newer one, else when one comes within {@code wait}; with null when none came.
     */
    CompletableFuture<Long> change(Long held, Duration wait) {
        long now = seen;
        if (now >= 0 && (held == null || held < now)) {
            return CompletableFuture.completedFuture(now);
        }
        if (wait.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        // A node ahead of this instance (another one saw the change first) waits for the next tick, which reads
        // the database; so does any node before the first read.
        Waiter waiter = new Waiter(held == null ? -1 : held);
        waiters.add(waiter);
        waiter.answer.completeOnTimeout(null, wait.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((answer, failure) -> waiters.remove(waiter));
        return waiter.answer;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        tick();
    }

    @Scheduled(fixedDelay = TICK_MILLIS + "ms")
    synchronized void tick() {
        long started = System.nanoTime();
        long version;
        try {
            version = versions.current();
            failing = false;
        } catch (RuntimeException e) {
            // Nodes keep what they hold and poll again; the next tick retries.
            if (!failing) {
                failing = true;
                LOG.warn("config version not read error={}", e.toString());
            }
            return;
        }
        if (version != seen) {
            answers.moveTo(version);
            seen = version;
            LOG.info("config version moved version={} waiting={}", version, waiters.size());
        }
        for (Waiter waiter : waiters) {
            // Only polls that began before this tick's read: for them the database had moved past their version.
            if (waiter.held != version && waiter.since - started < 0) {
                waiter.answer.complete(version);
            }
        }
    }
}
