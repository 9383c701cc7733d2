package dev.liveplane.media.server.stream;

/**
 * An authorizer's verdict. The reason is for the node's log only and is never sent to the client.
 */
public record AuthDecision(boolean allowed, String reason) {

    private static final AuthDecision ALLOW = new AuthDecision(true, "allowed");

    public static AuthDecision allow() {
        return ALLOW;
    }

    public static AuthDecision deny(String reason) {
        return new AuthDecision(false, reason);
    }
}
