package dev.liveplane.controlplane.dns;

/** Thrown when the resolver does not answer (timeout, unreachable): a 503 for the API, not a verdict. */
public class DnsLookupException extends RuntimeException {

    public DnsLookupException(String message) {
        super(message);
    }

    public DnsLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
