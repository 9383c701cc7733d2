package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.NodeHeartbeatAck;
import dev.liveplane.api.node.model.NodeStatus;
import dev.liveplane.media.MediaNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats the node's load and own drain wish every interval (and at once when the drain state changes), with the
 * published list only while no event batch is unanswered; follows the operator's drain and the fresh credentials the
 * answers carry. The agent's thread only.
 */
final class Heartbeater {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneAgent.class);

    private final ControlPlaneClient client;
    private final AgentLoop loop;
    private final Registration registration;
    private final HeartbeatBody body;
    private final LongSupplier snapshotVersion;
    private final BooleanSupplier eventsIdle;
    private final Consumer<String> deleted;
    private MediaNode node;
    private boolean operatorDrain;
    /** Heartbeats out with the published list: no event batch leaves meanwhile, or it could overtake the list. */
    private int listingHeartbeats;

    Heartbeater(ControlPlaneClient client, AgentLoop loop, Registration registration, PublishedStreams published,
            LongSupplier snapshotVersion, BooleanSupplier eventsIdle, Consumer<String> deleted) {
        this.client = client;
        this.loop = loop;
        this.registration = registration;
        this.body = new HeartbeatBody(published);
        this.snapshotVersion = snapshotVersion;
        this.eventsIdle = eventsIdle;
        this.deleted = deleted;
    }

    /** On the agent's thread: sends the first heartbeat and keeps sending them. */
    void start(MediaNode mediaNode) {
        node = mediaNode;
        beat(true);
    }

    /** Whether a heartbeat listing the published streams is out: a batch sent now could overtake its list. */
    boolean listing() {
        return listingHeartbeats > 0;
    }

    /** One heartbeat now; with {@code reschedule}, the next one after the interval. */
    void beat(boolean reschedule) {
        if (loop.closed()) {
            return;
        }
        registration.ensureRegistered().thenAcceptAsync(used -> {
            // The list agrees with the control plane's record only when no batch is unanswered.
            boolean listing = eventsIdle.getAsBoolean();
            if (listing) {
                listingHeartbeats++;
            }
            String json = NodeJson.write(body.build(node, snapshotVersion.getAsLong(), listing));
            client.heartbeat(used, json).whenCompleteAsync((response, error) -> {
                if (listing) {
                    listingHeartbeats--;
                }
                answered(used, response, error);
                if (reschedule) {
                    NodeIdentity now = registration.identity().orElse(null);
                    int seconds = now != null ? now.heartbeatIntervalSeconds() : used.heartbeatIntervalSeconds();
                    loop.schedule(() -> beat(true), Duration.ofSeconds(seconds));
                }
            }, loop.thread());
        }, loop.thread());
    }

    private void answered(NodeIdentity used, HttpResponse<String> response, Throwable error) {
        if (loop.closed()) {
            return;
        }
        if (error != null) {
            loop.problem("heartbeat", "control plane unreachable: " + AgentLoop.rootMessage(error));
            return;
        }
        int status = response.statusCode();
        if (status == 410) {
            deleted.accept(used.nodeId());
            return;
        }
        if (status == 401 || status == 403) {
            registration.credentialRejected(used, status);
            return;
        }
        if (status != 200) {
            loop.problem("heartbeat", "HTTP " + status);
            return;
        }
        loop.recovered("heartbeat");
        NodeHeartbeatAck ack;
        try {
            ack = NodeJson.read(response.body(), NodeHeartbeatAck.class);
        } catch (IOException e) {
            loop.problem("heartbeat", "unreadable NodeHeartbeatAck: " + e.getMessage());
            return;
        }
        boolean drain = ack.getStatus() == NodeStatus.DRAINING;
        if (drain != operatorDrain) {
            operatorDrain = drain;
            node.drain().setOperator(drain);
            log.info("event=drain_{} source=control_plane", drain ? "started" : "ended");
        }
        String fresh = ack.getCredential();
        if (fresh != null && !fresh.isBlank()) {
            registration.rotated(used, fresh, ack.getExpiresAt() == null ? null : ack.getExpiresAt().toInstant());
        }
    }
}
