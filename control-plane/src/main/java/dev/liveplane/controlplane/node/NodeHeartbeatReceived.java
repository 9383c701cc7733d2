package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.StreamLoad;
import java.util.List;

/**
 * Published synchronously, inside the transaction that records a node's heartbeat (its row locked): the viewers of
 * each stream on that node.
 */
public record NodeHeartbeatReceived(String nodeId, List<StreamLoad> streams) {

    public NodeHeartbeatReceived {
        streams = List.copyOf(streams);
    }
}
