package dev.liveplane.media.fleet;

import java.time.Instant;

/**
 * Who this node is to the control plane: its id and the credential (a JWT) it presents, with the credential's expiry
 * (null when unknown) and how often to heartbeat. Never logged: {@link #toString()} leaves the credential out.
 */
public record NodeIdentity(String nodeId, String credential, Instant expiresAt, int heartbeatIntervalSeconds) {

    static final int DEFAULT_HEARTBEAT_SECONDS = 10;

    public NodeIdentity {
        if (heartbeatIntervalSeconds <= 0) {
            heartbeatIntervalSeconds = DEFAULT_HEARTBEAT_SECONDS;
        }
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    NodeIdentity withCredential(String fresh, Instant freshExpiry) {
        return new NodeIdentity(nodeId, fresh, freshExpiry, heartbeatIntervalSeconds);
    }

    @Override
    public String toString() {
        return "NodeIdentity[nodeId=" + nodeId + ", expiresAt=" + expiresAt + "]";
    }
}
