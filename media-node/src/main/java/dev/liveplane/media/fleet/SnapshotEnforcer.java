package dev.liveplane.media.fleet;

import dev.liveplane.media.MediaNode;
import dev.liveplane.media.auth.DomainSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the snapshot in force (one atomic reference the authorizer reads lock-free on the event loops), loads the
 * last one from the state directory at start, swaps in each new one and has it saved ({@link SnapshotSaver}), and cuts
 * the running sessions the snapshot in force no longer allows ({@link SessionCuts}). Swaps and cuts run on the
 * agent's thread.
 */
final class SnapshotEnforcer {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final StateDir state;
    private final SnapshotSaver saver;
    private final ConfigSnapshotReader reader;
    private final Clock clock;
    private final AtomicReference<DomainSnapshot> snapshot;
    /** The snapshot in force with its wire form, which deltas apply to (null: none yet); the agent's thread. */
    private HeldSnapshot held;
    private final SessionCuts cuts = new SessionCuts();
    private volatile String source;
    private MediaNode node;

    SnapshotEnforcer(StateDir state, SnapshotSaver saver, ConfigSnapshotReader reader, Clock clock) {
        this.state = state;
        this.saver = saver;
        this.reader = reader;
        this.clock = clock;
        this.held = load();
        this.snapshot = new AtomicReference<>(held == null ? DomainSnapshot.EMPTY : held.enforced());
        this.source = held == null ? "none" : "disk";
    }

    private HeldSnapshot load() {
        try {
            Optional<String> saved = state.loadSnapshot();
            return saved.isPresent() ? reader.readHeld(saved.get()) : null;
        } catch (IOException | ConfigSnapshotReader.InvalidSnapshotException e) {
            log.warn("event=saved_snapshot_unusable dir={} reason=\"{}\"", state.path(), e.getMessage());
            return null;
        }
    }

    DomainSnapshot current() {
        return snapshot.get();
    }

    /** The snapshot in force with its wire form, or null when the node has none; the agent's thread. */
    HeldSnapshot held() {
        return held;
    }

    /** Where the snapshot in force came from: none, disk or control-plane. */
    String source() {
        return source;
    }

    /** On the agent's thread: the node whose sessions to cut from now on. */
    void start(MediaNode mediaNode) {
        node = mediaNode;
    }

    /**
     * Swaps in {@code next}, cuts what it no longer allows and hands {@code file} (its JSON: the control plane's text
     * for a whole snapshot, the applied snapshot written out for a delta, so a restart reads the same either way) to
     * the {@link SnapshotSaver}, which writes it on its own thread: the agent's thread goes back to polling at once.
     * {@code how} tells the log line how it came ({@code via=delta bytes=... read_ms=...}).
     */
    void apply(HeldSnapshot next, StateDir.Content file, String how) {
        DomainSnapshot previous = snapshot.getAndSet(next.enforced());
        held = next;
        source = "control-plane";
        long started = System.nanoTime();
        enforce(true);
        long enforced = System.nanoTime();
        DomainSnapshot now = next.enforced();
        saver.save(now.version(), file);
        log.info("event=snapshot_applied version={} previous={} {} enforce_ms={} domains={} forbidden={}"
                + " suspended_tenants={} stream_keys={}", now.version(), previous.version(), how,
                (enforced - started) / 1_000_000, now.domains().size(), now.forbidden().size(),
                now.suspendedTenants().size(), now.streamKeys().size());
    }

    /**
     * Evicts publishers the snapshot in force no longer allows (forbidden, domain disabled, gone or registered again)
     * and, after a new snapshot, disconnects viewers it no longer allows ({@link SessionCuts}).
     */
    void enforce(boolean viewersToo) {
        if (node == null || "none".equals(source)) {
            return; // nothing can be live without a snapshot, and an empty one must not cut anything
        }
        cuts.enforce(snapshot.get(), node.registry().streams(), clock.instant(), viewersToo);
    }
}
