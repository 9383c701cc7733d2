package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.StreamKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the node's streams, load and own drain wish into a {@code NodeHeartbeat} body (api/openapi.yaml), keeping
 * each stream's ingest byte count between heartbeats for its bitrate. The agent's thread only.
 */
final class HeartbeatBody {

    private final PublishedStreams published;
    private final Map<StreamKey, long[]> lastIngest = new HashMap<>();

    HeartbeatBody(PublishedStreams published) {
        this.published = published;
    }

    /** The body; with {@code listing}, the {@code published} list too (only when it agrees with answered events). */
    NodeHeartbeat build(MediaNode node, long snapshotVersion, boolean listing) {
        NodeHeartbeat body = new NodeHeartbeat().configVersion(Math.max(0, snapshotVersion));
        // Only the node's own wish: the control plane ORs it with the operator's, and echoing the operator's drain
        // back would keep the node draining after the operator lifted it.
        body.draining(node.drain().localDrain());
        body.connections((int) (node.metrics().rtmpConnections().get() + node.metrics().httpConnections().get()));
        List<StreamLoad> streams = new ArrayList<>();
        long now = System.nanoTime();
        Map<StreamKey, long[]> seen = new HashMap<>();
        for (LiveStream stream : node.registry().streams()) {
            long bytes = stream.ingestBytes();
            long[] last = lastIngest.get(stream.key());
            StreamLoad load = new StreamLoad().domain(stream.key().domain()).app(stream.key().app())
                    .stream(stream.key().stream()).viewers(stream.viewerCount());
            // A relayed stream is published on its origin node, which reports its ingest; here only its viewers.
            load.publishing(!stream.relayed());
            if (!stream.relayed() && last != null && bytes >= last[0] && now > last[1]) {
                load.bitrateKbps((int) Math.round((bytes - last[0]) * 8 / 1000.0 / ((now - last[1]) / 1e9)));
            }
            streams.add(load);
            seen.put(stream.key(), new long[] {bytes, now});
        }
        lastIngest.clear();
        lastIngest.putAll(seen);
        body.streams(streams);
        if (listing) {
            body.published(published.entries());
        }
        return body;
    }
}
