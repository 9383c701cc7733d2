package dev.liveplane.media.fleet;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.auth.DomainSnapshot;
import dev.liveplane.media.fleet.spool.SpoolSettings;
import dev.liveplane.media.fleet.spool.SpooledReporter;
import dev.liveplane.media.record.RecordingReports;
import dev.liveplane.media.server.relay.OriginLocator;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.PublishedStream;
import dev.liveplane.media.server.stream.StreamEventListener;
import dev.liveplane.media.server.usage.UsageReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node in step with its control plane by wiring its parts: {@link Registration} (the identity),
 * {@link ConfigFollower} (the snapshot, by long poll), {@link SnapshotEnforcer} (the snapshot in force and the cuts
 * it calls for), {@link Heartbeater}, and the stream events' and usage records' {@link SpooledReporter}s (durable:
 * spooled in the state directory, see {@link StreamEventSender} and {@link UsageRecordSender}).
 *
 * <p>All of them run on the agent's own thread; HTTP runs on the JDK client's own threads and completes back onto
 * the agent's thread, and {@code snapshot.json} is written on its own ({@link SnapshotSaver}), so nothing here
 * touches a Netty event loop except to hand it a task. The snapshot is one atomic reference: readers (the
 * authorizer, on the event loops) never lock. When the control plane is unreachable the node keeps serving on its
 * last snapshot, from disk after a restart (DESIGN.md, static stability).
 */
public final class ControlPlaneAgent implements StreamEventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);
    /** The stream events' spool, under the state directory. */
    static final String EVENT_SPOOL = "spool/events";
    /** The usage records' spool, under the state directory. */
    static final String USAGE_SPOOL = "spool/usage";
    /** The recording reports' spool, under the state directory. */
    static final String RECORDING_REPORT_SPOOL = "spool/recording-reports";
    private static final Duration USAGE_SEND_EVERY = Duration.ofSeconds(1);
    private static final Duration EVENT_FLUSH_EVERY = Duration.ofMillis(200);
    private static final Duration ENFORCE_EVERY = Duration.ofSeconds(1);
    /** A burst of viewers of one stream makes one origin lookup; a moved publisher is found again soon after. */
    private static final Duration ORIGIN_FOUND_TTL = Duration.ofSeconds(2);
    private static final Duration ORIGIN_NOT_FOUND_TTL = Duration.ofSeconds(1);

    private final FleetSettings settings;
    private final StateDir state;
    private final Clock clock;
    private final ScheduledExecutorService agent;
    private final ExecutorService httpExecutor;
    private final AgentLoop loop;
    private final Registration registration;
    private final SnapshotSaver saver;
    private final SnapshotEnforcer enforcer;
    private final ConfigFollower config;
    private final Heartbeater heartbeater;
    private final SpooledReporter<dev.liveplane.api.node.model.StreamEvent> events;
    /** Usage records, durable like events; null when the node does not meter. */
    private final SpooledReporter<dev.liveplane.api.node.model.UsageRecord> usage;
    /** Finished recording files and given-up recordings, durable like events. */
    private final SpooledReporter<dev.liveplane.api.node.model.RecordingReport> recordings;
    private final OriginLocator originLocator;
    /** What the heartbeat lists as published here; answered batches and dropped events feed it. */
    private final PublishedStreams publishedStreams = new PublishedStreams();
    private MediaNode node;

    /** Reads the state directory (identity, last snapshot); starts nothing yet. */
    public ControlPlaneAgent(FleetSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.clock = clock;
        this.state = new StateDir(settings.stateDir());
        ConfigSnapshotReader reader = new ConfigSnapshotReader(clock);
        this.agent = Executors.newSingleThreadScheduledExecutor(daemon("liveplane-fleet"));
        this.httpExecutor = Executors.newFixedThreadPool(2, daemon("liveplane-fleet-http"));
        ControlPlaneClient client = new ControlPlaneClient(settings.controlPlane(), httpExecutor);
        this.saver = new SnapshotSaver(state::saveSnapshot);
        this.enforcer = new SnapshotEnforcer(state, saver, reader, clock);
        this.loop = new AgentLoop(agent, () -> enforcer.current().version());
        this.registration = new Registration(settings, state, client, loop, this::deleted);
        this.config = new ConfigFollower(settings, client, loop, registration, enforcer, reader, clock,
                this::deleted);
        List<SpooledReporter<?>> reporter = new ArrayList<>(1);
        this.heartbeater = new Heartbeater(client, loop, registration, publishedStreams,
                () -> enforcer.current().version(), () -> reporter.get(0).idle(), this::deleted);
        this.events = new SpooledReporter<>("events",
                new StreamEventSender(client, registration, publishedStreams, this::deleted, agent),
                state.path().resolve(EVENT_SPOOL), SpoolSettings.withBudget(settings.spoolBudgetBytes()), agent,
                new Backoff(settings.retryBase(), settings.retryCap()), heartbeater::listing, this::eventsProblem);
        reporter.add(events);
        this.usage = !settings.usageMetering() ? null : new SpooledReporter<>("usage",
                new UsageRecordSender(client, registration, this::deleted, agent),
                state.path().resolve(USAGE_SPOOL), SpoolSettings.withBudget(settings.spoolBudgetBytes()), agent,
                new Backoff(settings.retryBase(), settings.retryCap()), () -> false, this::usageProblem);
        this.recordings = new SpooledReporter<>("recordings",
                new RecordingReportSender(client, registration, this::deleted, agent),
                state.path().resolve(RECORDING_REPORT_SPOOL), SpoolSettings.withBudget(settings.spoolBudgetBytes()),
                agent, new Backoff(settings.retryBase(), settings.retryCap()), () -> false, this::recordingsProblem);
        this.originLocator = new ControlPlaneOriginLocator(client, registration::identity, ORIGIN_FOUND_TTL,
                ORIGIN_NOT_FOUND_TTL, System::nanoTime);
    }

    /** What the authorizer reads: the snapshot in force now. Any thread, lock-free. */
    public Supplier<DomainSnapshot> snapshots() {
        return enforcer::current;
    }

    /** Where a stream not live here is published, as the control plane knows it; any thread, never blocks. */
    public OriginLocator originLocator() {
        return originLocator;
    }

    /** Starts registering, polling, heartbeating, reporting and enforcing for {@code mediaNode}. */
    public void start(MediaNode mediaNode) {
        MeterRegistry meters = mediaNode.metrics().meterRegistry();
        Gauge.builder("liveplane_fleet_config_version", () -> enforcer.current().version())
                .description("Version of the config snapshot in force (-1: none)").register(meters);
        Gauge.builder("liveplane_fleet_config_sync_age_seconds", () -> config.lastSyncMillis() == 0 ? -1
                        : (clock.millis() - config.lastSyncMillis()) / 1000.0)
                .description("Seconds since the control plane last answered a config poll (-1: never)")
                .register(meters);
        for (String source : List.of("none", "disk", "control-plane")) {
            Gauge.builder("liveplane_fleet_snapshot_source", () -> source.equals(enforcer.source()) ? 1 : 0)
                    .tag("source", source).description("Where the snapshot in force came from").register(meters);
        }
        Gauge.builder("liveplane_fleet_registered", () -> registration.identity().isPresent() ? 1 : 0)
                .description("1 while the node holds a credential").register(meters);
        Gauge.builder("liveplane_fleet_draining", () -> mediaNode.drain().draining() ? 1 : 0)
                .description("1 while the node takes no new sessions").register(meters);
        agent.execute(() -> {
            node = mediaNode;
            events.start(meters);
            recordings.start(meters);
            agent.scheduleWithFixedDelay(recordings::flush, EVENT_FLUSH_EVERY.toMillis(),
                    EVENT_FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            if (usage != null) {
                usage.start(meters);
                agent.scheduleWithFixedDelay(usage::flush, USAGE_SEND_EVERY.toMillis(), USAGE_SEND_EVERY.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            log.info("event=fleet_started control_plane={} state_dir={} node_id={} snapshot_source={} version={} "
                    + "event_spool={} spool_budget_bytes={}", settings.controlPlane(), state.path(),
                    registration.identity().map(NodeIdentity::nodeId).orElse("-"), enforcer.source(),
                    enforcer.current().version(), events.directory(), settings.spoolBudgetBytes());
            registration.start(mediaNode, clock);
            enforcer.start(mediaNode);
            enforcer.enforce(true);
            config.poll();
            heartbeater.start(mediaNode);
            agent.scheduleWithFixedDelay(events::flush, EVENT_FLUSH_EVERY.toMillis(),
                    EVENT_FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            agent.scheduleWithFixedDelay(() -> enforcer.enforce(false), ENFORCE_EVERY.toMillis(),
                    ENFORCE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /** Tells the control plane now (not at the next interval) that the node's drain state changed. Any thread. */
    public void drainChanged() {
        if (!loop.closed()) {
            agent.execute(() -> heartbeater.beat(false));
        }
    }

    public Optional<NodeIdentity> identity() {
        return registration.identity();
    }

    public String snapshotSource() {
        return enforcer.source();
    }

    @Override
    public void published(PublishedStream stream) {
        events.enqueue(new StreamEvent(UUID.randomUUID().toString(), "publish", stream.key(),
                stream.owner().domainId(), stream.at(), stream, null).toWire());
    }

    @Override
    public void unpublished(StreamKey key, DomainOwner owner, String reason) {
        events.enqueue(new StreamEvent(UUID.randomUUID().toString(), "unpublish", key, owner.domainId(),
                clock.instant(), null, reason).toWire());
    }

    /**
     * Where the meter's records go: each becomes the spec's record, is spooled (synced to disk on the agent's thread
     * within moments) and sent; null when the node does not meter.
     */
    public UsageReport usageReport() {
        return usage == null ? null : records -> records.forEach(r -> usage.enqueue(UsageRecordSender.toWire(r)));
    }

    /** Where the recorders' reports go: each becomes the spec's report, is spooled and sent. */
    public RecordingReports recordingReports() {
        return outcome -> recordings.enqueue(RecordingReportSender.toWire(outcome));
    }

    /** The state directory, which holds the recordings' spool too. */
    public Path stateDirectory() {
        return state.path();
    }

    /** Waits (a few seconds at most) until what was reported so far is written to the spools. */
    public void awaitSpooled() {
        try {
            agent.submit(() -> { }).get(5, TimeUnit.SECONDS); // the spool writes queued before it ran first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            log.warn("event=spool_wait_failed error=\"{}\"", e.toString());
        }
    }

    private void usageProblem(String reason) {
        if (reason == null) {
            loop.recovered("usage");
        } else {
            loop.problem("usage", reason);
        }
    }

    private void recordingsProblem(String reason) {
        if (reason == null) {
            loop.recovered("recordings");
        } else {
            loop.problem("recordings", reason);
        }
    }

    private void eventsProblem(String reason) {
        if (reason == null) {
            loop.recovered("events");
        } else {
            loop.problem("events", reason);
        }
    }

    /**
     * The operator deleted this node (410 {@code node-deleted}): the control plane has already ended its streams,
     * so the node stops taking sessions, ends the ones it has and stops calling; registering again would undo the
     * operator's decision. The state directory keeps the identity, so a restart is refused the same way.
     */
    private void deleted(String nodeId) {
        if (loop.closed()) {
            return;
        }
        loop.close();
        events.close();
        recordings.close();
        if (usage != null) {
            usage.close();
        }
        DeletedNode.stopServing(node, nodeId == null ? "-" : nodeId);
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        loop.close();
        events.close();
        recordings.close();
        if (usage != null) {
            usage.close();
        }
        agent.shutdownNow();
        httpExecutor.shutdownNow();
        try {
            agent.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saver.close(); // after the agent's thread, which hands it snapshots: the last one applied is written
    }
}
