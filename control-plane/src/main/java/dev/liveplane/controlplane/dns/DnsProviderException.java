package dev.liveplane.controlplane.dns;

/** Thrown when the zone cannot be changed (provider unreachable, refused); the message says what was attempted. */
public class DnsProviderException extends RuntimeException {

    public DnsProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
