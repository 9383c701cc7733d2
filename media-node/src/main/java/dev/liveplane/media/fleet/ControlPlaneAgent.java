package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.PublishedStream;
import dev.liveplane.media.server.stream.StreamEventListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node in step with its control plane: registers with the bootstrap token (or reuses the identity in the
 * state directory), follows the config snapshot by long poll and swaps each new one in for the authorizer, cuts
 * running sessions the snapshot no longer allows, heartbeats the node's load and drain state, and hands stream
 * events to its {@link StreamEventReporter}.
 *
 * <p>All of that runs on the agent's own thread; HTTP runs on the JDK client's own threads and completes back onto
 * the agent's thread, so nothing here touches a Netty event loop except to hand it a task. The snapshot is one
 * atomic reference: readers (the authorizer, on the event loops) never lock. When the control plane is unreachable
 * the node keeps serving on its last snapshot, from disk after a restart (DESIGN.md, static stability).
 */
public final class ControlPlaneAgent implements StreamEventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENT_FLUSH_EVERY = Duration.ofMillis(200);
    private static final Duration ENFORCE_EVERY = Duration.ofSeconds(1);
    /** A 304 that came back faster than this (a control plane not holding the poll) waits this long before the next. */
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    /** A burst of viewers of one stream makes one origin lookup; a moved publisher is found again soon after. */
    private static final Duration ORIGIN_FOUND_TTL = Duration.ofSeconds(2);
    private static final Duration ORIGIN_NOT_FOUND_TTL = Duration.ofSeconds(1);

    private final FleetSettings settings;
    private final StateDir state;
    private final ConfigSnapshotReader reader;
    private final Clock clock;
    private final ScheduledExecutorService agent;
    private final ExecutorService httpExecutor;
    private final ControlPlaneClient client;
    private final OriginLocator originLocator;

    // Read anywhere.
    private final AtomicReference<DomainSnapshot> snapshot;
    private volatile String snapshotSource;
    private volatile long lastSyncMillis;
    private volatile NodeIdentity identity;
    private volatile boolean closed;

    private final StreamEventReporter events;

    // Agent thread only.
    private MediaNode node;
    private CompletableFuture<NodeIdentity> registration;
    private final Backoff registerBackoff;
    private final Backoff configBackoff;
    private final Map<String, String> problems = new HashMap<>();
    private final Map<StreamKey, long[]> lastIngest = new HashMap<>();
    private final SessionCuts cuts = new SessionCuts();
    private boolean operatorDrain;
    /** What the heartbeat lists as published here; answered batches and dropped events feed it. */
    private final PublishedStreams publishedStreams = new PublishedStreams();
    private final HeartbeatBody heartbeatBody = new HeartbeatBody(publishedStreams);
    /** Heartbeats out with that list: no event batch leaves meanwhile, or it could overtake the list. */
    private int listingHeartbeats;
    /** The identity to name when registering again, so that the node keeps it. */
    private String previousNodeId;

    /** Reads the state directory (identity, last snapshot); starts nothing yet. */
    public ControlPlaneAgent(FleetSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.state = new StateDir(settings.stateDir());
        this.reader = new ConfigSnapshotReader(clock);
        this.registerBackoff = new Backoff(settings.retryBase(), settings.retryCap());
        this.configBackoff = new Backoff(settings.retryBase(), settings.retryCap());
        this.agent = Executors.newSingleThreadScheduledExecutor(daemon("liveplane-fleet"));
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("liveplane-fleet-http"));
        this.client = new ControlPlaneClient(settings.controlPlane(), httpExecutor);
        this.events = new StreamEventReporter(client, new EventLink(), publishedStreams, agent,
                settings.eventQueueLimit(),
                new Backoff(settings.retryBase(), settings.retryCap()));
        this.originLocator = new ControlPlaneOriginLocator(client, this::identity, ORIGIN_FOUND_TTL,
                ORIGIN_NOT_FOUND_TTL, System::nanoTime);
        this.identity = loadIdentity();
        DomainSnapshot fromDisk = loadSnapshot();
        this.snapshot = new AtomicReference<>(fromDisk == null ? DomainSnapshot.EMPTY : fromDisk);
        this.snapshotSource = fromDisk == null ? "none" : "disk";
    }

    /** What the authorizer reads: the snapshot in force now. Any thread, lock-free. */
    public Supplier<DomainSnapshot> snapshots() {
        return snapshot::get;
    }

    /** Where a stream not live here is published, as the control plane knows it; any thread, never blocks. */
    public OriginLocator originLocator() {
        return originLocator;
    }

    /** Starts registering, polling, heartbeating, reporting and enforcing for {@code mediaNode}. */
    public void start(MediaNode mediaNode) {
        MeterRegistry meters = mediaNode.metrics().meterRegistry();
        Gauge.builder("liveplane_fleet_config_version", () -> snapshot.get().version())
                .description("Version of the config snapshot in force (-1: none)").register(meters);
        Gauge.builder("liveplane_fleet_config_sync_age_seconds",
                        () -> lastSyncMillis == 0 ? -1 : (clock.millis() - lastSyncMillis) / 1000.0)
                .description("Seconds since the control plane last answered a config poll (-1: never)")
                .register(meters);
        for (String source : List.of("none", "disk", "control-plane")) {
            Gauge.builder("liveplane_fleet_snapshot_source", () -> source.equals(snapshotSource) ? 1 : 0)
                    .tag("source", source).description("Where the snapshot in force came from").register(meters);
        }
        Gauge.builder("liveplane_fleet_registered", () -> identity != null ? 1 : 0)
                .description("1 while the node holds a credential").register(meters);
        Gauge.builder("liveplane_fleet_draining", () -> mediaNode.drain().draining() ? 1 : 0)
                .description("1 while the node takes no new sessions").register(meters);
        agent.execute(() -> {
            node = mediaNode;
            events.start(meters);
            log.info("event=fleet_started control_plane={} state_dir={} node_id={} snapshot_source={} version={}",
                    settings.controlPlane(), state.path(), identity == null ? "-" : identity.nodeId(),
                    snapshotSource, snapshot.get().version());
            if (identity != null && identity.expired(clock.instant())) {
                log.info("event=credential_expired node_id={} expires_at={}", identity.nodeId(),
                        identity.expiresAt());
                previousNodeId = identity.nodeId();
                identity = null;
            }
            enforce(true);
            pollConfig();
            heartbeat(true);
            agent.scheduleWithFixedDelay(events::flush, EVENT_FLUSH_EVERY.toMillis(),
                    EVENT_FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            agent.scheduleWithFixedDelay(() -> enforce(false), ENFORCE_EVERY.toMillis(), ENFORCE_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        });
    }

    /** Tells the control plane now (not at the next interval) that the node's drain state changed. Any thread. */
    public void drainChanged() {
        if (!closed) {
            agent.execute(() -> heartbeat(false));
        }
    }

    public Optional<NodeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    public String snapshotSource() {
        return snapshotSource;
    }

    // ---- registration ----

    private NodeIdentity loadIdentity() {
        try {
            return state.loadIdentity().orElse(null);
        } catch (IOException | RuntimeException e) {
            log.warn("event=identity_unreadable dir={} error=\"{}\" action=register_again", state.path(),
                    e.getMessage());
            return null;
        }
    }

    private DomainSnapshot loadSnapshot() {
        try {
            Optional<String> saved = state.loadSnapshot();
            return saved.isPresent() ? reader.read(saved.get()) : null;
        } catch (IOException | ConfigSnapshotReader.InvalidSnapshotException e) {
            log.warn("event=saved_snapshot_unusable dir={} reason=\"{}\"", state.path(), e.getMessage());
            return null;
        }
    }

    /** The identity to call with, registering first (once, however many loops wait) when there is none. */
    private CompletableFuture<NodeIdentity> ensureRegistered() {
        if (identity != null) {
            return CompletableFuture.completedFuture(identity);
        }
        if (registration == null) {
            registration = new CompletableFuture<>();
            register();
        }
        return registration;
    }

    private void register() {
        if (closed) {
            return;
        }
        String body = RegistrationJson.body(settings, node, previousNodeId);
        client.register(settings.bootstrapToken(), body).whenCompleteAsync((response, error) -> {
            if (closed) {
                return;
            }
            NodeIdentity registered = null;
            String problem;
            if (error != null) {
                problem = "control plane unreachable: " + rootMessage(error);
            } else if (response.statusCode() == 410) {
                deleted(previousNodeId);
                return;
            } else if (response.statusCode() == 201 || response.statusCode() == 200) {
                try {
                    registered = RegistrationJson.credential(response.body());
                    problem = null;
                } catch (IOException | RuntimeException e) {
                    problem = "unreadable NodeCredential: " + e.getMessage();
                }
            } else {
                problem = "HTTP " + response.statusCode() + (response.statusCode() == 401
                        ? " (the bootstrap token is not valid: revoked, expired or mistyped)" : "");
            }
            if (registered == null) {
                reportProblem("register", problem);
                agent.schedule(this::register, registerBackoff.next().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            registerBackoff.reset();
            clearProblem("register");
            identity = registered;
            persistIdentity();
            log.info("event=node_registered node_id={} expires_at={} heartbeat_seconds={}", registered.nodeId(),
                    registered.expiresAt(), registered.heartbeatIntervalSeconds());
            CompletableFuture<NodeIdentity> waiting = registration;
            registration = null;
            waiting.complete(registered);
        }, agent);
    }

    /** A 401 (credential no good) or 403 (not this node's) on a call made as {@code used}: register again. */
    private void credentialRejected(NodeIdentity used, int status) {
        if (identity != null && identity == used) {
            log.warn("event=credential_rejected node_id={} status={} action=register_again", used.nodeId(), status);
            previousNodeId = used.nodeId();
            identity = null;
        }
    }

    private void persistIdentity() {
        try {
            state.saveIdentity(identity);
        } catch (IOException e) {
            log.warn("event=state_write_failed file={} error=\"{}\"", StateDir.IDENTITY_FILE, e.toString());
        }
    }

    // ---- config ----

    private void pollConfig() {
        if (closed) {
            return;
        }
        ensureRegistered().thenAcceptAsync(used -> {
            long version = snapshot.get().version();
            long started = System.nanoTime();
            client.config(used, version >= 0 ? version : null, settings.longPollWait())
                    .whenCompleteAsync((response, error) -> onConfig(used, response, error, started), agent);
        }, agent);
    }

    private void onConfig(NodeIdentity used, HttpResponse<String> response, Throwable error, long started) {
        if (closed) {
            return;
        }
        if (error != null) {
            reportProblem("config", "control plane unreachable: " + rootMessage(error));
            schedule(this::pollConfig, configBackoff.next());
            return;
        }
        int status = response.statusCode();
        if (status == 410) {
            deleted(used.nodeId());
            return;
        }
        if (status == 401 || status == 403) {
            credentialRejected(used, status);
            // Backed off too: a control plane that refused every fresh credential must not get a registration storm.
            schedule(this::pollConfig, configBackoff.next());
            return;
        }
        if (status == 304) {
            markSynced();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            schedule(this::pollConfig, took.compareTo(MIN_POLL_INTERVAL) < 0 ? MIN_POLL_INTERVAL : Duration.ZERO);
            return;
        }
        if (status != 200) {
            reportProblem("config", "HTTP " + status);
            schedule(this::pollConfig, configBackoff.next());
            return;
        }
        lastSyncMillis = clock.millis();
        if (apply(response.body())) {
            markSynced();
            schedule(this::pollConfig, Duration.ZERO);
        } else {
            schedule(this::pollConfig, configBackoff.next()); // the same bad snapshot would come straight back
        }
    }

    private void markSynced() {
        configBackoff.reset();
        clearProblem("config");
        lastSyncMillis = clock.millis();
    }

    /** Swaps in a new snapshot, cuts what it no longer allows and saves it; false if it was rejected. */
    private boolean apply(String json) {
        DomainSnapshot next;
        try {
            next = reader.read(json);
        } catch (ConfigSnapshotReader.InvalidSnapshotException e) {
            reportProblem("config", "snapshot rejected, version " + snapshot.get().version() + " stays in force: "
                    + e.getMessage());
            return false;
        }
        DomainSnapshot previous = snapshot.getAndSet(next);
        snapshotSource = "control-plane";
        log.info("event=snapshot_applied version={} previous={} domains={} forbidden={} suspended_tenants={}",
                next.version(), previous.version(), next.domains().size(), next.forbidden().size(),
                next.suspendedTenants().size());
        enforce(true);
        try {
            state.saveSnapshot(json);
        } catch (IOException e) {
            log.warn("event=state_write_failed file={} error=\"{}\"", StateDir.SNAPSHOT_FILE, e.toString());
        }
        return true;
    }

    // ---- cutting running sessions ----

    /**
     * Evicts publishers the snapshot in force no longer allows (forbidden, domain disabled, gone or registered again)
     * and, after a new snapshot, disconnects viewers it no longer allows ({@link SessionCuts}).
     */
    private void enforce(boolean viewersToo) {
        if (node == null || "none".equals(snapshotSource)) {
            return; // nothing can be live without a snapshot, and an empty one must not cut anything
        }
        cuts.enforce(snapshot.get(), node.registry().streams(), clock.instant(), viewersToo);
    }

    // ---- heartbeat ----

    private void heartbeat(boolean reschedule) {
        if (closed) {
            return;
        }
        ensureRegistered().thenAcceptAsync(used -> {
            // The list agrees with the control plane's record only when no batch is unanswered.
            boolean listing = events.idle();
            if (listing) {
                listingHeartbeats++;
            }
            String body = heartbeatBody.build(node, snapshot.get().version(), listing);
            client.heartbeat(used, body).whenCompleteAsync((response, error) -> {
                if (listing) {
                    listingHeartbeats--;
                }
                onHeartbeat(used, response, error);
                if (reschedule) {
                    NodeIdentity now = identity;
                    int seconds = now != null ? now.heartbeatIntervalSeconds() : used.heartbeatIntervalSeconds();
                    schedule(() -> heartbeat(true), Duration.ofSeconds(seconds));
                }
            }, agent);
        }, agent);
    }

    private void onHeartbeat(NodeIdentity used, HttpResponse<String> response, Throwable error) {
        if (closed) {
            return;
        }
        if (error != null) {
            reportProblem("heartbeat", "control plane unreachable: " + rootMessage(error));
            return;
        }
        int status = response.statusCode();
        if (status == 410) {
            deleted(used.nodeId());
            return;
        }
        if (status == 401 || status == 403) {
            credentialRejected(used, status);
            return;
        }
        if (status != 200) {
            reportProblem("heartbeat", "HTTP " + status);
            return;
        }
        clearProblem("heartbeat");
        JsonNode ack;
        try {
            ack = JSON.readTree(response.body());
        } catch (IOException e) {
            reportProblem("heartbeat", "unreadable NodeHeartbeatAck: " + e.getMessage());
            return;
        }
        boolean drain = "DRAINING".equals(ack.path("status").asText());
        if (drain != operatorDrain) {
            operatorDrain = drain;
            node.drain().setOperator(drain);
            log.info("event=drain_{} source=control_plane", drain ? "started" : "ended");
        }
        String fresh = ack.path("credential").asText(null);
        if (fresh != null && !fresh.isBlank() && identity == used && !fresh.equals(used.credential())) {
            identity = used.withCredential(fresh, RegistrationJson.instantOrNull(ack.path("expiresAt").asText(null)));
            persistIdentity();
            log.info("event=credential_rotated node_id={} expires_at={}", used.nodeId(), identity.expiresAt());
        }
    }

    // ---- stream events ----

    @Override
    public void published(PublishedStream stream) {
        events.enqueue(new StreamEvent(UUID.randomUUID().toString(), "publish", stream.key(),
                stream.owner().domainId(), stream.at(), stream, null));
    }

    @Override
    public void unpublished(StreamKey key, DomainOwner owner, String reason) {
        events.enqueue(new StreamEvent(UUID.randomUUID().toString(), "unpublish", key, owner.domainId(),
                clock.instant(), null, reason));
    }

    /** The reporter's view of the agent: identity, credential and problem handling, on the agent's thread. */
    private final class EventLink implements StreamEventReporter.Link {

        @Override
        public NodeIdentity identityOrRegister() {
            if (identity == null) {
                ensureRegistered();
            }
            return identity;
        }

        @Override
        public void credentialRejected(NodeIdentity used, int status) {
            ControlPlaneAgent.this.credentialRejected(used, status);
        }

        @Override
        public void problem(String reason) {
            if (reason == null) {
                clearProblem("events");
            } else {
                reportProblem("events", reason);
            }
        }

        @Override
        public boolean holdBatches() {
            return listingHeartbeats > 0;
        }

        @Override
        public void nodeDeleted(NodeIdentity used) {
            deleted(used.nodeId());
        }
    }

    // ---- deleted for good ----

    /**
     * The operator deleted this node (410 {@code node-deleted}): the control plane has already ended its streams,
     * so the node stops taking sessions, ends the ones it has and stops calling; registering again would undo the
     * operator's decision. The state directory keeps the identity, so a restart is refused the same way.
     */
    private void deleted(String nodeId) {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        DeletedNode.stopServing(node, nodeId == null ? "-" : nodeId);
    }

    // ---- plumbing ----

    private void schedule(Runnable task, Duration delay) {
        if (!closed) {
            agent.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Logs a loop's problem when it first appears or changes, not on every retry. */
    private void reportProblem(String loop, String problem) {
        if (!problem.equals(problems.put(loop, problem))) {
            log.warn("event=control_plane_problem call={} reason=\"{}\" action=retry_with_backoff "
                    + "serving_snapshot={}", loop, problem, snapshot.get().version());
        }
    }

    private void clearProblem(String loop) {
        if (problems.remove(loop) != null) {
            log.info("event=control_plane_recovered call={}", loop);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static Instant instantOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        closed = true;
        events.close();
        agent.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            agent.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
