package dev.liveplane.controlplane.node;

import java.time.Duration;
import java.time.Instant;

/** The node a request comes from, as its credential proved, and that credential's lifetime. */
record NodeCaller(String nodeId, Instant issuedAt, Instant expiresAt) {

    /** Whether the credential has lived half its life, so the node should switch to a fresh one. */
    boolean credentialAgingAt(Instant now) {
        return !now.isBefore(issuedAt.plus(Duration.between(issuedAt, expiresAt).dividedBy(2)));
    }
}
