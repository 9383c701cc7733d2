package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.ConfigDelta;
import dev.liveplane.api.node.model.ConfigSnapshot;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the control plane's config by long poll and hands each new, valid snapshot to the {@link SnapshotEnforcer}:
 * a node holding version V asks for the changes since V ({@code /config/changes}, a {@code ConfigDelta} it applies to
 * what it holds), and fetches the whole snapshot when it has none, after a 409, or after a delta it could not use. A
 * control plane without the changes route (404, older during a rolling upgrade) is followed by whole snapshots as
 * before, and asked again after its next snapshot or {@link #CHANGES_RETRY}. A snapshot or delta it cannot read
 * leaves the one in force in place. The agent's thread only.
 */
final class ConfigFollower {

    /** A 304 that came back faster than this (a control plane not holding the poll) waits this long before the next. */
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    /** After a 404 for the changes (a control plane older than the route), how long to follow whole snapshots. */
    static final Duration CHANGES_RETRY = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

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
    /** Set when the next poll must fetch the whole snapshot: after a 409, a delta from another version, a bad delta. */
    private boolean wholeNext;
    /** Until when (clock millis) the control plane is taken to lack {@code /config/changes}; 0: it has it. */
    private long changesMissingUntil;
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
            HeldSnapshot held = enforcer.held();
            Route route = route(held);
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> call = switch (route) {
                case WHOLE -> client.config(used, null, settings.longPollWait());
                case WHOLE_LONG_POLL -> client.config(used, held.version(), settings.longPollWait());
                case CHANGES -> client.configChanges(used, held.version(), settings.longPollWait());
            };
            call.whenCompleteAsync((response, error) -> answered(route, used, response, error, started),
                    loop.thread());
        }, loop.thread());
    }

    /** How the next poll asks: the whole snapshot at once, the whole one when it changes, or the changes. */
    private enum Route { WHOLE, WHOLE_LONG_POLL, CHANGES }

    private Route route(HeldSnapshot held) {
        if (held == null || wholeNext) {
            return Route.WHOLE;
        }
        return held.takesDeltas() && clock.millis() >= changesMissingUntil ? Route.CHANGES : Route.WHOLE_LONG_POLL;
    }

    private void answered(Route route, NodeIdentity used, HttpResponse<String> response, Throwable error,
            long started) {
        if (loop.closed()) {
            return;
        }
        if (error != null) {
            loop.problem("config", "control plane unreachable: " + AgentLoop.rootMessage(error));
            retryLater();
            return;
        }
        int status = response.statusCode();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
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
            loop.schedule(this::poll, took.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : Duration.ZERO);
            return;
        }
        if (route == Route.CHANGES && status == 404) {
            // A control plane from before the route (a rolling upgrade): follow whole snapshots as before it.
            changesMissingUntil = clock.millis() + CHANGES_RETRY.toMillis();
            log.info("event=config_changes_missing action=follow_whole_snapshots retry_in_s={}",
                    CHANGES_RETRY.toSeconds());
            synced();
            loop.schedule(this::poll, Duration.ZERO);
            return;
        }
        if (route == Route.CHANGES && status == 409) {
            log.info("event=config_changes_unavailable since={} action=fetch_whole_snapshot",
                    enforcer.held().version());
            wholeNext = true;
            synced();
            // A 409 answered at once to a node that just fetched the snapshot must not become a loop of fetches.
            loop.schedule(this::poll, took.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : Duration.ZERO);
            return;
        }
        if (status != 200) {
            loop.problem("config", "HTTP " + status);
            retryLater();
            return;
        }
        lastSyncMillis = clock.millis();
        boolean applied = route == Route.CHANGES ? applyDelta(response.body()) : applyWhole(response.body());
        if (applied) {
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

    /** Swaps in a whole snapshot; false if it was rejected. */
    private boolean applyWhole(String json) {
        HeldSnapshot held = enforcer.held();
        long started = System.nanoTime();
        HeldSnapshot next;
        long read;
        try {
            ConfigSnapshot wire = ConfigSnapshotReader.readWire(json, ConfigSnapshot.class);
            read = System.nanoTime();
            next = reader.held(wire, null);
        } catch (ConfigSnapshotReader.InvalidSnapshotException e) {
            loop.problem("config", "snapshot rejected, version " + version(held) + " stays in force: "
                    + e.getMessage());
            return false;
        }
        enforcer.apply(next, StateDir.text(json), timings("snapshot", json, started, read));
        wholeNext = false;
        changesMissingUntil = 0; // a control plane that lacked the changes may have been upgraded since: ask again
        return true;
    }

    /**
     * Applies a delta to the snapshot held and swaps the result in; true if it was applied or a whole snapshot is
     * fetched next instead (a delta from another version than the one held), false if it was rejected.
     */
    private boolean applyDelta(String json) {
        HeldSnapshot held = enforcer.held();
        long started = System.nanoTime();
        HeldSnapshot next;
        long read;
        try {
            ConfigDelta delta = ConfigDeltas.read(json);
            if (delta.getFromVersion() == null || delta.getFromVersion() != held.version()) {
                log.info("event=config_delta_skipped from_version={} held_version={} action=fetch_whole_snapshot",
                        delta.getFromVersion(), held.version());
                wholeNext = true;
                return true;
            }
            ConfigSnapshot wire = ConfigDeltas.apply(held, delta);
            read = System.nanoTime();
            next = reader.held(wire, held);
        } catch (ConfigSnapshotReader.InvalidSnapshotException e) {
            loop.problem("config", "delta rejected, version " + held.version() + " stays in force: "
                    + e.getMessage());
            wholeNext = true; // the whole snapshot next, after the backoff: it does not depend on this delta
            return false;
        }
        enforcer.apply(next, out -> NodeJson.write(next.wire(), out), timings("delta", json, started, read));
        return true;
    }

    /** The log line's account of a swap: how it came, its size, and the millis to read and convert it. */
    private static String timings(String via, String json, long started, long read) {
        return "via=" + via + " bytes=" + json.length() + " read_ms=" + (read - started) / 1_000_000
                + " convert_ms=" + (System.nanoTime() - read) / 1_000_000;
    }

    private static String version(HeldSnapshot held) {
        return held == null ? "none" : String.valueOf(held.version());
    }
}
