package dev.liveplane.controlplane.node;

/**
 * Published once when a node is judged gone: silent past the heartbeat deadline ({@link #LOST}), or deleted by the
 * operator ({@link #DELETED}). Its streams are over; listeners end them and tell the tenants' webhooks the reason.
 */
public record NodeSilenced(String nodeId, String reason) {

    /** The node stopped heartbeating. */
    public static final String LOST = "node_lost";
    /** The operator deleted the node. */
    public static final String DELETED = "node_deleted";

    public NodeSilenced(String nodeId) {
        this(nodeId, LOST);
    }
}
