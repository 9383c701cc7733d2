package dev.liveplane.media.fleet;

import dev.liveplane.media.MediaNode;
import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.auth.DomainConfig;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.auth.SignedUrlAuthorizer;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.record.RecordingService;
import dev.liveplane.media.record.S3ObjectStore;
import dev.liveplane.media.server.usage.UsageFlusher;
import dev.liveplane.media.server.usage.UsageMeter;
import dev.liveplane.media.server.usage.UsageMetrics;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media node run by the control plane: the node's listeners, authorized by the snapshot the
 * {@link ControlPlaneAgent} keeps current, reporting its streams through it, and a shutdown that drains first.
 */
public final class FleetNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetNode.class);

    private static final Duration DRAIN_POLL = Duration.ofMillis(100);

    private final MediaNode node;
    private final ControlPlaneAgent agent;
    private final Duration drainGrace;
    private final UsageFlusher usage;
    private final RecordingService recording;
    /** The recordings' spool, under the state directory. */
    static final String RECORDINGS_SPOOL = "spool/recordings";

    private FleetNode(MediaNode node, ControlPlaneAgent agent, Duration drainGrace, UsageFlusher usage,
            RecordingService recording) {
        this.recording = recording;
        this.node = node;
        this.agent = agent;
        this.drainGrace = drainGrace;
        this.usage = usage;
    }

    public static FleetNode start(NodeSettings nodeSettings, FleetSettings fleet)
            throws IOException, InterruptedException {
        return start(nodeSettings, fleet, FailureThrottle.defaults());
    }

    public static FleetNode start(NodeSettings nodeSettings, FleetSettings fleet, FailureThrottle throttle)
            throws IOException, InterruptedException {
        return start(nodeSettings, fleet, throttle, RelaySettings.defaults());
    }

    /**
     * Starts the node on the snapshot saved in the state directory, if any, then joins the control plane. Streams
     * published on other nodes of the fleet are relayed from there when played here.
     */
    public static FleetNode start(NodeSettings nodeSettings, FleetSettings fleet, FailureThrottle throttle,
            RelaySettings relaySettings) throws IOException, InterruptedException {
        Clock clock = Clock.systemUTC();
        ControlPlaneAgent agent = new ControlPlaneAgent(fleet, clock);
        // Used only until a snapshot names the fleet's shared HLS secret.
        byte[] ownSecret = new byte[32];
        new SecureRandom().nextBytes(ownSecret);
        SignedUrlAuthorizer authorizer = new SignedUrlAuthorizer(agent.snapshots(),
                new StreamTokens(ownSecret, Duration.ofHours(12), clock), throttle, clock);
        // A viewer is metered on the pull domain it played from, under the registration the snapshot gives it now.
        UsageMeter meter = !fleet.usageMetering() ? null : new UsageMeter(name -> agent.snapshots().get().find(name)
                .map(DomainConfig::owner).orElse(null), nodeSettings.hls().targetDurationMs(), clock);
        // Recordings spool beside the node's other state; the bucket and the rules come with the snapshot.
        RecordingService recording = new RecordingService(fleet.stateDir().resolve(RECORDINGS_SPOOL),
                fleet.recordingSpoolBytes(), () -> agent.snapshots().get().recording(), agent.recordingReports(),
                S3ObjectStore::new, clock);
        MediaNode node;
        try {
            // Relay pulls are signed under the fleet's shared secret only: a node's own random one is no use elsewhere.
            Supplier<StreamTokens> relayTokens = () -> agent.snapshots().get().hlsSessions();
            node = MediaNode.start(nodeSettings, authorizer, authorizer, agent, new NodeDrain(),
                    agent.originLocator(), relayTokens, relaySettings, metrics -> List.of(recording.sinks(metrics)),
                    meter);
        } catch (RuntimeException | InterruptedException e) {
            recording.close();
            agent.close();
            throw e;
        }
        node.drain().onLocalChange(agent::drainChanged);
        // Its id: the control plane keeps {id}.nodes.{zone} in DNS for a CDN to reach this node by.
        node.nodePath().identifyBy(() -> agent.identity().map(id -> id.nodeId().toLowerCase(Locale.ROOT))
                .orElse(null));
        agent.start(node);
        UsageFlusher flusher = null;
        if (meter != null) {
            flusher = new UsageFlusher(meter, new UsageMetrics(node.metrics().meterRegistry(), meter,
                    agent.usageReport()), fleet.usageFlush(), clock);
            flusher.start();
        }
        return new FleetNode(node, agent, fleet.drainGrace(), flusher, recording);
    }

    public MediaNode node() {
        return node;
    }

    public ControlPlaneAgent agent() {
        return agent;
    }

    /**
     * Stops as a fleet node should on SIGTERM: drains (new sessions refused, the control plane told, /healthz 503),
     * lets running sessions carry on for the grace period, then closes. The grace ends early once no stream is left:
     * nothing remains to carry on, and whoever stopped the node (an orchestrator, {@code bin/liveplane down}) waits
     * for it to exit.
     */
    public void shutdownGracefully() {
        log.info("event=drain_started source=shutdown grace_seconds={}", drainGrace.toSeconds());
        node.drain().setLocal(true);
        long deadline = System.nanoTime() + drainGrace.toNanos();
        try {
            while (node.registry().size() > 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(DRAIN_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Stops at once: what was metered up to now goes to the usage spool first (sessions still open are counted up
     * to this moment), then the control plane's agent and the listeners stop.
     */
    @Override
    public void close() {
        if (usage != null) {
            usage.flushNow();
            usage.close();
            agent.awaitSpooled();
        }
        agent.close();
        node.close();
        // After the listeners: the streams they ended finish their files, which stay in the outbox for the next run.
        recording.close();
    }
}
