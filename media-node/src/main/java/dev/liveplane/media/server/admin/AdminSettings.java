package dev.liveplane.media.server.admin;

/**
 * Where the admin port listens and who may change the node's state through it.
 *
 * @param bindAddress address of the admin listener; loopback unless an operator opens it on purpose
 * @param credentials the tokens {@code POST}/{@code DELETE /drain} accept
 */
public record AdminSettings(String bindAddress, AdminCredentials credentials) {

    /** Loopback, and no credential: health and metrics only. */
    public static AdminSettings defaults() {
        return new AdminSettings("127.0.0.1", AdminCredentials.none());
    }

    public AdminSettings withCredentials(AdminCredentials tokens) {
        return new AdminSettings(bindAddress, tokens);
    }
}
