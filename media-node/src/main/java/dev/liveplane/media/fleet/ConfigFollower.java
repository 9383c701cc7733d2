package dev.liveplane.media.fleet;

import dev.liveplane.media.auth.DomainSnapshot;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Follows the control plane's config snapshot by long poll and hands each new, valid one to the
 * {@link SnapshotEnforcer}; a snapshot it cannot read leaves the one in force in place. The agent's thread only.
 */
final class ConfigFollower {

    /** A 304 that came back faster than this (a control plane not holding the poll) waits this long before the next. */
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

    private final FleetSettings settings;
    private final ControlPlaneClient client;
    private final AgentLoop loop;
    private final Registration registration;
    private final SnapshotEnforcer enforcer;
    private final ConfigSnapshotReader reader;
    private final Clock clock;
    private final Consumer<String> deleted;
    private final Backoff backoff;
    private volatile long lastSyncMillis;
    /** The next poll while waiting out a backoff (null otherwise), so a recovery elsewhere can bring it forward. */
    private ScheduledFuture<?> backingOff;

    ConfigFollower(FleetSettings settings, ControlPlaneClient client, AgentLoop loop, Registration registration,
            SnapshotEnforcer enforcer, ConfigSnapshotReader reader, Clock clock, Consumer<String> deleted) {
        this.settings = settings;
        this.client = client;
        this.loop = loop;
        this.registration = registration;
        this.enforcer = enforcer;
        this.reader = reader;
        this.clock = clock;
        this.deleted = deleted;
        this.backoff = new Backoff(settings.retryBase(), settings.retryCap());
        loop.onRecovery(this::pollNowIfBackingOff);
    }

    /** When the control plane last answered a poll, in epoch millis (0: never); any thread. */
    long lastSyncMillis() {
        return lastSyncMillis;
    }

    void poll() {
        backingOff = null;
        if (loop.closed()) {
            return;
        }
        registration.ensureRegistered().thenAcceptAsync(used -> {
            long version = enforcer.current().version();
            long started = System.nanoTime();
            client.config(used, version >= 0 ? version : null, settings.longPollWait())
                    .whenCompleteAsync((response, error) -> answered(used, response, error, started), loop.thread());
        }, loop.thread());
    }

    private void answered(NodeIdentity used, HttpResponse<String> response, Throwable error, long started) {
        if (loop.closed()) {
            return;
        }
        if (error != null) {
            loop.problem("config", "control plane unreachable: " + AgentLoop.rootMessage(error));
            retryLater();
            return;
        }
        int status = response.statusCode();
        if (status == 410) {
            deleted.accept(used.nodeId());
            return;
        }
        if (status == 401 || status == 403) {
            registration.credentialRejected(used, status);
            // Backed off too: a control plane that refused every fresh credential must not get a registration storm.
            retryLater();
            return;
        }
        if (status == 304) {
            synced();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            loop.schedule(this::poll, took.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : Duration.ZERO);
            return;
        }
        if (status != 200) {
            loop.problem("config", "HTTP " + status);
            retryLater();
            return;
        }
        lastSyncMillis = clock.millis();
        if (apply(response.body())) {
            synced();
            loop.schedule(this::poll, Duration.ZERO);
        } else {
            retryLater(); // the same bad snapshot would come straight back
        }
    }

    private void retryLater() {
        backingOff = loop.schedule(this::poll, backoff.next());
    }

    /** Another call reached the control plane again (a heartbeat): the poll need not wait out its backoff. */
    private void pollNowIfBackingOff() {
        ScheduledFuture<?> pending = backingOff;
        if (pending != null && pending.cancel(false)) {
            poll();
        }
    }

    private void synced() {
        backoff.reset();
        loop.recovered("config");
        lastSyncMillis = clock.millis();
    }

    /** Swaps in a new snapshot; false if it was rejected. */
    private boolean apply(String json) {
        DomainSnapshot next;
        try {
            next = reader.read(json);
        } catch (ConfigSnapshotReader.InvalidSnapshotException e) {
            loop.problem("config", "snapshot rejected, version " + enforcer.current().version()
                    + " stays in force: " + e.getMessage());
            return false;
        }
        enforcer.apply(next, json);
        return true;
    }
}
