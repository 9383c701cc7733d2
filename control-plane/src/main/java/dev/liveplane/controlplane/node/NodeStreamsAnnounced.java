package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.PublishedStream;
import java.util.List;

/**
 * Published inside a heartbeat's transaction, with the node's row locked, when the heartbeat says which streams the
 * node publishes: listeners make the node's online streams match, and a failure rolls the heartbeat back.
 */
public record NodeStreamsAnnounced(String nodeId, List<PublishedStream> published) {

    public NodeStreamsAnnounced {
        published = List.copyOf(published);
    }
}
