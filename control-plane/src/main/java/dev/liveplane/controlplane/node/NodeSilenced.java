package dev.liveplane.controlplane.node;

/**
 * Published once when a node is judged gone: silent past the heartbeat deadline, or revoked by the operator. Its
 * streams are over; listeners end them (and tell the tenants' webhooks).
 */
public record NodeSilenced(String nodeId) {
}
