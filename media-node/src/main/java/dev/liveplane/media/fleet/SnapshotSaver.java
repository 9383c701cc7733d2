package dev.liveplane.media.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each applied snapshot into {@code snapshot.json} on its own thread, latest first: at 100,000 domains writing
 * the file takes about a second, which the agent's thread must not wait out before its next poll. A snapshot that
 * comes while one is being written waits; a newer one replaces it, so only the latest is written next and an older
 * one is never written after a newer one.
 */
final class SnapshotSaver implements AutoCloseable {

    /** Where a snapshot goes: {@link StateDir#saveSnapshot(StateDir.Content)}, answering the bytes written. */
    @FunctionalInterface
    interface Target {
        long save(StateDir.Content json) throws IOException;
    }

    /**
     * How long a stopping node waits for the last snapshot's write: about a second at 100,000 domains, with room for
     * a loaded disk, but bounded so a stuck one cannot hold the shutdown.
     */
    static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final Target target;
    private final ExecutorService thread;
    /** The snapshot to write next (null: none waiting); a newer one replaces it. */
    private final AtomicReference<Pending> pending = new AtomicReference<>();

    private record Pending(long version, StateDir.Content json) {
    }

    SnapshotSaver(Target target) {
        this.target = target;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread saver = new Thread(runnable, "liveplane-fleet-snapshot");
            saver.setDaemon(true);
            return saver;
        });
    }

    /** Saves {@code json} (snapshot {@code version}) soon, unless a newer one comes first; any thread, never blocks. */
    void save(long version, StateDir.Content json) {
        if (pending.getAndSet(new Pending(version, json)) != null) {
            return; // the write already queued takes this one instead of the one it replaced
        }
        try {
            thread.execute(this::writeLatest);
        } catch (RejectedExecutionException e) {
            pending.set(null);
            log.warn("event=state_write_failed file={} version={} error=\"node stopping\"", StateDir.SNAPSHOT_FILE,
                    version);
        }
    }

    private void writeLatest() {
        Pending next = pending.getAndSet(null);
        if (next == null) {
            return;
        }
        long started = System.nanoTime();
        try {
            long bytes = target.save(next.json());
            log.info("event=snapshot_saved version={} bytes={} save_ms={}", next.version(), bytes,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            log.warn("event=state_write_failed file={} version={} error=\"{}\"", StateDir.SNAPSHOT_FILE,
                    next.version(), e.toString());
        }
    }

    /**
     * Writes the snapshot still waiting, if any, and stops: waits up to {@code timeout}, then gives the write up (the
     * file keeps the snapshot before it: each write replaces it whole or not at all).
     */
    void close(Duration timeout) {
        thread.shutdown();
        try {
            if (thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("event=snapshot_save_abandoned file={} waited_ms={}", StateDir.SNAPSHOT_FILE, timeout.toMillis());
        thread.shutdownNow();
    }

    @Override
    public void close() {
        close(FLUSH_TIMEOUT);
    }
}
