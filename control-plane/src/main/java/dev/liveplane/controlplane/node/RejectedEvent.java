package dev.liveplane.controlplane.node;

/**
 * One event of a node's batch the control plane set aside: where it was in the batch, its id when it had one,
 * why, and its JSON as sent (already cut to {@link RejectedEventLog#MAX_RECORD_CHARS}).
 */
record RejectedEvent(int index, String eventId, String reason, String record) {
}
