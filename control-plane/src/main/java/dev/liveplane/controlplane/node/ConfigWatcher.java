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
 * Holds the current config snapshot and answers the nodes' long polls without a thread per waiting node: every
 * {@value #TICK_MILLIS} ms one query reads {@code config_version} (so changes committed by any control-plane
 * instance are seen), a new version is built once, and the futures of the polls waiting on an older one complete.
 * A poll that sees no change completes empty when its wait runs out.
 */
@Singleton
final class ConfigWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
    static final long TICK_MILLIS = 200;

    private final ConfigVersion versions;
    private final ConfigSnapshots snapshots;
    private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
    private volatile ConfigSnapshots.Serialized current;
    /** The version that last failed to build, so a lasting failure is logged once, not on every tick. */
    private long failed = -1;

    ConfigWatcher(ConfigVersion versions, ConfigSnapshots snapshots) {
        this.versions = versions;
        this.snapshots = snapshots;
    }

    /** A long poll: the version the node holds, when it started waiting, and what it will be answered. */
    private static final class Waiter {
        final long version;
        final long since = System.nanoTime();
        final CompletableFuture<ConfigSnapshots.Serialized> answer = new CompletableFuture<>();

        Waiter(long version) {
            this.version = version;
        }
    }

    /**
     * The snapshot to send a node holding {@code version} (null: none yet): at once when a newer one exists,
     * else when one comes within {@code wait}; completes with null when none came.
     */
    CompletableFuture<ConfigSnapshots.Serialized> await(Long version, Duration wait) {
        ConfigSnapshots.Serialized now = current;
        if (now != null && (version == null || version < now.version())) {
            return CompletableFuture.completedFuture(now);
        }
        if (wait.isZero()) {
            return CompletableFuture.completedFuture(null);
        }
        // A node ahead of this instance (another one saw the change first) waits for the next tick, which reads
        // the database; so does any node before the first snapshot.
        Waiter waiter = new Waiter(version == null ? -1 : version);
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
        long version = -1;
        try {
            version = versions.current();
            if (current == null || current.version() != version) {
                current = snapshots.build();
                LOG.info("config snapshot built version={} bytes={} waiting={} millis={}", current.version(),
                        current.body().length, waiters.size(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (RuntimeException e) {
            // Nodes keep their snapshot and poll again; the next tick retries.
            if (version != failed) {
                failed = version;
                LOG.warn("config snapshot not refreshed version={} error={}", version, e.toString());
            }
            return;
        }
        ConfigSnapshots.Serialized latest = current;
        for (Waiter waiter : waiters) {
            // Only polls that began before this tick's read: for them the database had moved past their version.
            if (waiter.version != latest.version() && waiter.since - started < 0) {
                waiter.answer.complete(latest);
            }
        }
    }
}
