package dev.liveplane.media.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.server.stream.LiveStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the node's streams, load and own drain wish into a {@code NodeHeartbeat} body (api/openapi.yaml), keeping
 * each stream's ingest byte count between heartbeats for its bitrate. The agent's thread only.
 */
final class HeartbeatBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublishedStreams published;
    private final Map<StreamKey, long[]> lastIngest = new HashMap<>();

    HeartbeatBody(PublishedStreams published) {
        this.published = published;
    }

    /** The body; with {@code listing}, the {@code published} list too (only when it agrees with answered events). */
    String build(MediaNode node, long snapshotVersion, boolean listing) {
        ObjectNode body = JSON.createObjectNode();
        body.put("configVersion", Math.max(0, snapshotVersion));
        // Only the node's own wish: the control plane ORs it with the operator's, and echoing the operator's drain
        // back would keep the node draining after the operator lifted it.
        body.put("draining", node.drain().localDrain());
        body.put("connections", node.metrics().rtmpConnections().get() + node.metrics().httpConnections().get());
        ArrayNode streams = body.putArray("streams");
        long now = System.nanoTime();
        Map<StreamKey, long[]> seen = new HashMap<>();
        for (LiveStream stream : node.registry().streams()) {
            long bytes = stream.ingestBytes();
            long[] last = lastIngest.get(stream.key());
            ObjectNode load = streams.addObject();
            load.put("domain", stream.key().domain());
            load.put("app", stream.key().app());
            load.put("stream", stream.key().stream());
            load.put("viewers", stream.viewerCount());
            // A relayed stream is published on its origin node, which reports its ingest; here only its viewers.
            load.put("publishing", !stream.relayed());
            if (!stream.relayed() && last != null && bytes >= last[0] && now > last[1]) {
                load.put("bitrateKbps", Math.round((bytes - last[0]) * 8 / 1000.0 / ((now - last[1]) / 1e9)));
            }
            seen.put(stream.key(), new long[] {bytes, now});
        }
        lastIngest.clear();
        lastIngest.putAll(seen);
        if (listing) {
            published.writeTo(body.putArray("published"));
        }
        return body.toString();
    }
}
