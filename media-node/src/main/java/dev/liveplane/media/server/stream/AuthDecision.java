package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import java.util.Objects;

/**
 * An authorizer's verdict. An allowed request names the stream it may publish or play, which for a pull domain is
 * the stream of the push domain it is bound to, and for an HLS playlist may carry a session token that the
 * playlist's segment and child-playlist URLs must present. A refusal says what kind it is, which picks what the
 * client is told; the reason is for the node's log only and is never sent to the client. A relay pull (another
 * node of the fleet feeding its viewers) is allowed as such: it is not one of the stream's viewers. {@code owner} is
 * the registration of the push domain the request was authorized under: a stream of another owner is not its.
 * {@code streamKeyId} names the persistent stream key a publish was allowed by (null: a signed URL or none), so the
 * publisher is cut when the key is revoked.
 */
public record AuthDecision(boolean allowed, String reason, StreamKey stream, String hlsSession, Refusal refusal,
        boolean relay, DomainOwner owner, String streamKeyId) {

    /** Why a request was refused, as far as the client may know. */
    public enum Refusal {
        /** Allowed: no refusal. */
        NONE,
        /** No valid signature, wrong domain or direction, or an access rule (referer, IP) failed. */
        UNAUTHORIZED,
        /** The stream, its domain or its tenant is blocked by the operator or the tenant. */
        FORBIDDEN,
        /**
         * The node takes no new sessions (it is draining, or full); another node will. Its reason is one public word,
         * {@code draining} or {@code full}, safe to show the client.
         */
        UNAVAILABLE
    }

    /** A decision not made by a stream key. */
    public AuthDecision(boolean allowed, String reason, StreamKey stream, String hlsSession, Refusal refusal,
            boolean relay, DomainOwner owner) {
        this(allowed, reason, stream, hlsSession, refusal, relay, owner, null);
    }

    public static AuthDecision allow(StreamKey stream) {
        return allow(stream, DomainOwner.NONE);
    }

    public static AuthDecision allow(StreamKey stream, DomainOwner owner) {
        return new AuthDecision(true, "allowed", Objects.requireNonNull(stream), null, Refusal.NONE, false,
                Objects.requireNonNull(owner));
    }

    public static AuthDecision allowWithHlsSession(StreamKey stream, String hlsSession) {
        return allowWithHlsSession(stream, hlsSession, DomainOwner.NONE);
    }

    public static AuthDecision allowWithHlsSession(StreamKey stream, String hlsSession, DomainOwner owner) {
        return new AuthDecision(true, "allowed", Objects.requireNonNull(stream), Objects.requireNonNull(hlsSession),
                Refusal.NONE, false, Objects.requireNonNull(owner));
    }

    /** Allows publishing {@code stream} with the persistent stream key {@code streamKeyId}. */
    public static AuthDecision allowWithStreamKey(StreamKey stream, DomainOwner owner, String streamKeyId) {
        return new AuthDecision(true, "allowed", Objects.requireNonNull(stream), null, Refusal.NONE, false,
                Objects.requireNonNull(owner), Objects.requireNonNull(streamKeyId));
    }

    /** Allows another node of the fleet to pull {@code stream} (push domain, app, stream) for its own viewers. */
    public static AuthDecision allowRelay(StreamKey stream, DomainOwner owner) {
        return new AuthDecision(true, "relay", Objects.requireNonNull(stream), null, Refusal.NONE, true,
                Objects.requireNonNull(owner));
    }

    public static AuthDecision deny(String reason) {
        return new AuthDecision(false, reason, null, null, Refusal.UNAUTHORIZED, false, null);
    }

    public static AuthDecision forbid(String reason) {
        return new AuthDecision(false, reason, null, null, Refusal.FORBIDDEN, false, null);
    }

    public static AuthDecision unavailable(String reason) {
        return new AuthDecision(false, reason, null, null, Refusal.UNAVAILABLE, false, null);
    }
}
