package dev.liveplane.media.server.relay;

import java.time.Duration;

/**
 * How a node relays streams published on other nodes.
 *
 * @param setupTimeout how long a viewer waits for a new pull to start before it is told the stream is not there
 * @param linger       how long a relay runs on without viewers before it stops
 * @param maxRetries   reconnections (through the locator) after the origin connection drops while viewers remain
 * @param retryDelay   wait before each reconnection
 * @param idleTimeout  an origin connection that delivers nothing for this long counts as dropped
 */
public record RelaySettings(Duration setupTimeout, Duration linger, int maxRetries, Duration retryDelay,
        Duration idleTimeout) {

    public static RelaySettings defaults() {
        return new RelaySettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 3, Duration.ofMillis(500),
                Duration.ofSeconds(10));
    }

    public RelaySettings withLinger(Duration lingerFor) {
        return new RelaySettings(setupTimeout, lingerFor, maxRetries, retryDelay, idleTimeout);
    }
}
