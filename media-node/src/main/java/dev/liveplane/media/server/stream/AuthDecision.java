package dev.liveplane.media.server.stream;

import java.util.Objects;

/**
 * An authorizer's verdict. An allowed request names the stream it may publish or play, which for a pull domain is
 * the stream of the push domain it is bound to, and for an HLS playlist may carry a session token that the
 * playlist's segment and child-playlist URLs must present. The reason is for the node's log only and is never sent
 * to the client.
 */
public record AuthDecision(boolean allowed, String reason, StreamKey stream, String hlsSession) {

    public static AuthDecision allow(StreamKey stream) {
        return new AuthDecision(true, "allowed", Objects.requireNonNull(stream), null);
    }

    public static AuthDecision allowWithHlsSession(StreamKey stream, String hlsSession) {
        return new AuthDecision(true, "allowed", Objects.requireNonNull(stream), Objects.requireNonNull(hlsSession));
    }

    public static AuthDecision deny(String reason) {
        return new AuthDecision(false, reason, null, null);
    }
}
