package dev.liveplane.controlplane;

import dev.liveplane.api.node.model.AudioTrack;
import dev.liveplane.api.node.model.StreamEvent;
import dev.liveplane.api.node.model.StreamEventType;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.api.node.model.VideoTrack;
import dev.liveplane.controlplane.node.NodeHeartbeatReceived;
import dev.liveplane.controlplane.node.NodeSilenced;
import dev.liveplane.controlplane.node.StreamEventsReported;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Plays the node side of the fleet events as the node routes publish them: synchronously, inside a transaction,
 * carrying the node protocol's wire types (the api module's) as a node's calls do once read and checked.
 */
public final class NodeEvents {

    private final ApplicationContext context;
    private final TransactionOperations<Connection> transactions;

    @SuppressWarnings("unchecked")
    public NodeEvents(ApplicationContext context) {
        this.context = context;
        this.transactions = context.getBean(TransactionOperations.class);
    }

    public void report(String nodeId, List<StreamEvent> events) {
        publish(new StreamEventsReported(nodeId, events));
    }

    public void report(String nodeId, StreamEvent... events) {
        report(nodeId, List.of(events));
    }

    public void heartbeat(String nodeId, StreamLoad... streams) {
        publish(new NodeHeartbeatReceived(nodeId, List.of(streams)));
    }

    public void silenced(String nodeId) {
        publish(new NodeSilenced(nodeId));
    }

    private void publish(Object event) {
        transactions.executeWrite(status -> {
            context.publishEvent(event);
            return null;
        });
    }

    /** A publish of an H.264 720p30 / AAC stereo stream at 2500 kbps from 198.51.100.7. */
    public static StreamEvent publish(String domain, String app, String stream) {
        return event(StreamEventType.PUBLISH, domain, app, stream)
                .clientAddress("198.51.100.7")
                .video(new VideoTrack().codec("h264").width(1280).height(720).frameRate(30.0))
                .audio(new AudioTrack().codec("aac").sampleRate(44100).channels(2))
                .bitrateKbps(2500);
    }

    public static StreamEvent unpublish(String domain, String app, String stream, String reason) {
        return event(StreamEventType.UNPUBLISH, domain, app, stream).reason(reason);
    }

    public static StreamLoad load(String domain, String app, String stream, int viewers) {
        return new StreamLoad().domain(domain).app(app).stream(stream).viewers(viewers);
    }

    private static StreamEvent event(StreamEventType type, String domain, String app, String stream) {
        return new StreamEvent().id(UUID.randomUUID().toString()).type(type).domain(domain).app(app).stream(stream)
                .at(now());
    }

    /** A node id no other test uses. */
    public static String nodeId() {
        return "node" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
