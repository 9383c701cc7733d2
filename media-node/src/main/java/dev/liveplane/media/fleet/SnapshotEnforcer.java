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
 * last one from the state directory at start, swaps in each new one and saves it, and cuts the running sessions the
 * snapshot in force no longer allows ({@link SessionCuts}). Swaps and cuts run on the agent's thread.
 */
final class SnapshotEnforcer {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final StateDir state;
    private final ConfigSnapshotReader reader;
    private final Clock clock;
    private final AtomicReference<DomainSnapshot> snapshot;
    private final SessionCuts cuts = new SessionCuts();
    private volatile String source;
    private MediaNode node;

    SnapshotEnforcer(StateDir state, ConfigSnapshotReader reader, Clock clock) {
        this.state = state;
        this.reader = reader;
        this.clock = clock;
        DomainSnapshot fromDisk = load();
        this.snapshot = new AtomicReference<>(fromDisk == null ? DomainSnapshot.EMPTY : fromDisk);
        this.source = fromDisk == null ? "none" : "disk";
    }

    private DomainSnapshot load() {
        try {
            Optional<String> saved = state.loadSnapshot();
            return saved.isPresent() ? reader.read(saved.get()) : null;
        } catch (IOException | ConfigSnapshotReader.InvalidSnapshotException e) {
            log.warn("event=saved_snapshot_unusable dir={} reason=\"{}\"", state.path(), e.getMessage());
            return null;
        }
    }

    DomainSnapshot current() {
        return snapshot.get();
    }

    /** Where the snapshot in force came from: none, disk or control-plane. */
    String source() {
        return source;
    }

    /** On the agent's thread: the node whose sessions to cut from now on. */
    void start(MediaNode mediaNode) {
        node = mediaNode;
    }

    /** Swaps in {@code json} (already read as {@code next}), cuts what it no longer allows and saves it. */
    void apply(DomainSnapshot next, String json) {
        DomainSnapshot previous = snapshot.getAndSet(next);
        source = "control-plane";
        log.info("event=snapshot_applied version={} previous={} domains={} forbidden={} suspended_tenants={}"
                + " stream_keys={}", next.version(), previous.version(), next.domains().size(),
                next.forbidden().size(), next.suspendedTenants().size(), next.streamKeys().size());
        enforce(true);
        try {
            state.saveSnapshot(json);
        } catch (IOException e) {
            log.warn("event=state_write_failed file={} error=\"{}\"", StateDir.SNAPSHOT_FILE, e.toString());
        }
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
