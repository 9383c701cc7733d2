package dev.liveplane.bench.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.liveplane.api.node.model.NodeCredential;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.PublishedStream;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.StreamLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One media node as the control plane sees it over the node protocol: registers with the bootstrap token, fetches the
 * whole config snapshot once (gzipped, as a node asks for it), then keeps one long poll of its changes
 * ({@code /config/changes}) open, falling back to the whole snapshot on 409, and heartbeats on schedule. It owns no
 * thread: each step is started by the completion of the one before, or by the shared scheduler. With streams of its
 * own ({@link #publishHeld}), its heartbeats report them with their viewers, and list them as published while the
 * {@link ListingGate} lets them.
 */
final class SimulatedNode {

    static final String CONFIG = "config";
    static final String CHANGES = "changes";
    static final String HEARTBEAT = "heartbeat";
    static final String REGISTER = "register";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final int index;
    private final ControlPlaneHttp http;
    private final PropagationTracker tracker;
    private final ErrorCounts counts;
    private final ConfigTraffic traffic;
    private final ScheduledExecutorService scheduler;
    private final int waitSeconds;
    private final ListingGate listing;

    private volatile String id;
    private volatile String credential;
    private volatile int heartbeatSeconds = 5;
    private volatile boolean waiting;
    private volatile boolean stopped;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile List<StreamLoad> loads = List.of();
    private volatile List<PublishedStream> published = List.of();

    SimulatedNode(int index, ControlPlaneHttp http, PropagationTracker tracker, ErrorCounts counts,
            ConfigTraffic traffic, ScheduledExecutorService scheduler, int waitSeconds, ListingGate listing) {
        this.traffic = traffic;
        this.listing = listing;
        this.index = index;
        this.http = http;
        this.tracker = tracker;
        this.counts = counts;
        this.scheduler = scheduler;
        this.waitSeconds = waitSeconds;
    }

    /** The control-plane instance this node talks to (a load balancer would pin it the same way per connection). */
    ControlPlaneHttp http() {
        return http;
    }

    /** A loopback address of its own per node (127.0.a.b), so nodes look apart in the fleet list. */
    static String address(int index) {
        return "127.0." + (index / 254) + "." + (index % 254 + 1);
    }

    /** Registers; completes with false (and a counted failure) when the control plane refused. */
    CompletableFuture<Boolean> register(String bootstrapToken, String region) {
        NodeRegistration registration = new NodeRegistration().address(address(index)).rtmpPort(1935).httpPort(8081)
                .region(region).version("fleet-bench");
        counts.request(REGISTER);
        return http.send("POST", "/internal/v1/nodes/register", bootstrapToken, ControlPlaneHttp.body(registration),
                Duration.ofSeconds(30)).handle((reply, error) -> {
                    if (error != null) {
                        counts.failure(REGISTER, error);
                        return false;
                    }
                    if (reply.status() != 201 || reply.json() == null) {
                        counts.failure(REGISTER, "status " + reply.status());
                        return false;
                    }
                    NodeCredential registered;
                    try {
                        registered = ControlPlaneHttp.read(reply, NodeCredential.class);
                    } catch (JsonProcessingException e) {
                        counts.failure(REGISTER, e);
                        return false;
                    }
                    id = registered.getNodeId();
                    credential = registered.getCredential();
                    if (registered.getHeartbeatIntervalSeconds() != null
                            && registered.getHeartbeatIntervalSeconds() > 0) {
                        heartbeatSeconds = registered.getHeartbeatIntervalSeconds();
                    }
                    return true;
                });
    }

    /** Fetches the snapshot, then long-polls for changes and heartbeats until {@link #stop()}. */
    void start() {
        fetch();
        // Spread over the interval, so a thousand nodes do not heartbeat in step.
        long first = ThreadLocalRandom.current().nextLong(heartbeatSeconds * 1000L);
        heartbeats = scheduler.scheduleAtFixedRate(this::heartbeat, first, heartbeatSeconds * 1000L,
                TimeUnit.MILLISECONDS);
    }

    /** True while a long poll for a version it already holds is out: the node waits for a change. */
    boolean waiting() {
        return waiting;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> running = heartbeats;
        if (running != null) {
            running.cancel(false);
        }
    }

    /** Fetches the whole snapshot: at start, and when the control plane cannot give the changes since a version. */
    private void fetch() {
        if (stopped) {
            return;
        }
        counts.request(CONFIG);
        http.snapshot("/internal/v1/nodes/" + ControlPlaneHttp.segment(id) + "/config", credential,
                Duration.ofSeconds(waitSeconds + 60L)).whenComplete((reply, error) -> {
                    if (error != null) {
                        counts.failure(CONFIG, error);
                        retry(this::fetch);
                    } else if (reply.status() == 200 && reply.version() >= 0) {
                        traffic.snapshot(reply.wireBytes());
                        tracker.received(index, reply.version(), reply.receivedNanos());
                        poll(reply.version());
                    } else {
                        counts.failure(CONFIG, "status " + reply.status());
                        retry(this::fetch);
                    }
                });
    }

    /** Waits for the changes since {@code version}, the version it holds. */
    private void poll(long version) {
        if (stopped) {
            return;
        }
        String path = "/internal/v1/nodes/" + ControlPlaneHttp.segment(id) + "/config/changes?since=" + version
                + "&waitSeconds=" + waitSeconds;
        waiting = true;
        counts.request(CHANGES);
        http.send("GET", path, credential, null, Duration.ofSeconds(waitSeconds + 15L))
                .whenComplete((reply, error) -> {
                    waiting = false;
                    if (error != null) {
                        counts.failure(CHANGES, error);
                        retry(() -> poll(version));
                    } else if (reply.status() == 200 && reply.json() != null && reply.json().has("version")) {
                        traffic.delta(reply.body().length());
                        long received = reply.json().get("version").asLong();
                        tracker.received(index, received, reply.receivedNanos());
                        poll(received);
                    } else if (reply.status() == 304) {
                        poll(version);
                    } else if (reply.status() == 409) {
                        traffic.unavailable();
                        fetch();
                    } else {
                        counts.failure(CHANGES, "status " + reply.status());
                        retry(() -> poll(version));
                    }
                });
    }

    private void retry(Runnable step) {
        if (!stopped) {
            scheduler.schedule(step, RETRY_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Publishes {@code count} streams of its own on {@code domain} (one events call), which it then reports in every
     * heartbeat for the rest of the run, {@code viewers} each; completes with false (and a counted failure) unless
     * the control plane took them all.
     */
    CompletableFuture<Boolean> publishHeld(String domain, int count, int viewers, String runId) {
        List<StreamEvent> events = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            events.add(EventLoad.publish(runId + "-h" + index + "-" + k, domain, "h" + index + "-" + k, index));
        }
        counts.request(EventLoad.EVENTS);
        return http.send("POST", "/internal/v1/nodes/" + ControlPlaneHttp.segment(id) + "/events", credential,
                ControlPlaneHttp.body(new StreamEventBatch().events(events)), Duration.ofSeconds(30))
                .handle((reply, error) -> {
                    int accepted = error == null && reply.status() == 202 && reply.json() != null
                            ? reply.json().path("accepted").asInt() : -1;
                    if (accepted != count) {
                        counts.failure(EventLoad.EVENTS, error != null ? error.toString()
                                : "held streams: status " + reply.status() + ", accepted " + accepted);
                        return false;
                    }
                    loads = events.stream().map(e -> new StreamLoad().domain(domain).app("live").stream(e.getStream())
                            .viewers(viewers).publishing(true).bitrateKbps(2500)).toList();
                    published = events.stream().map(e -> new PublishedStream().domain(domain).app("live")
                            .stream(e.getStream()).startedAt(e.getAt())).toList();
                    return true;
                });
    }

    private void heartbeat() {
        if (stopped) {
            return;
        }
        NodeHeartbeat body = new NodeHeartbeat().configVersion(Math.max(0, tracker.version(index))).draining(false)
                .connections(loads.stream().mapToInt(load -> load.getViewers() + 1).sum()).streams(loads);
        boolean listed = !published.isEmpty() && listing.begin();
        if (listed) {
            body.published(published);
        }
        counts.request(HEARTBEAT);
        http.send("POST", "/internal/v1/nodes/" + ControlPlaneHttp.segment(id) + "/heartbeat", credential,
                ControlPlaneHttp.body(body), Duration.ofSeconds(10)).whenComplete((reply, error) -> {
                    if (listed) {
                        listing.end();
                    }
                    if (error != null) {
                        counts.failure(HEARTBEAT, error);
                    } else if (reply.status() != 200 || reply.json() == null) {
                        counts.failure(HEARTBEAT, "status " + reply.status());
                    } else {
                        acknowledged(reply);
                    }
                });
    }

    private void acknowledged(ControlPlaneHttp.Reply reply) {
        NodeHeartbeatAck ack;
        try {
            ack = ControlPlaneHttp.read(reply, NodeHeartbeatAck.class);
        } catch (JsonProcessingException e) {
            counts.failure(HEARTBEAT, e);
            return;
        }
        if (ack.getCredential() != null) {
            // Past half its life the credential is renewed in the acknowledgement; use the new one.
            credential = ack.getCredential();
        }
    }

    String id() {
        return id;
    }

    String credential() {
        return credential;
    }
}
