package dev.liveplane.media.fleet;

import dev.liveplane.media.MediaNode;
import dev.liveplane.media.server.stream.LiveStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the control plane's word that the operator deleted this node into a node that serves nobody: it drains (new
 * publishes and plays refused, {@code /healthz} 503 so load balancers stop sending) and cuts every running stream,
 * whose end the control plane has already told the tenants ({@code unpublish}, reason {@code node_deleted}).
 */
final class DeletedNode {

    static final String REASON = "node_deleted";
    private static final Logger log = LoggerFactory.getLogger(DeletedNode.class);

    private DeletedNode() {
    }

    static void stopServing(MediaNode node, String nodeId) {
        log.error("event=node_deleted node_id={} action=stop_serving detail=\"the operator deleted this node; it "
                + "takes no sessions and does not register again; clear its state directory to enrol it anew\"",
                nodeId);
        if (node == null) {
            return;
        }
        node.drain().setOperator(true);
        for (LiveStream stream : node.registry().streams()) {
            stream.evict(REASON, "the operator deleted node " + nodeId);
        }
    }
}
