package dev.liveplane.controlplane.web;

/**
 * Who made a request, as its bearer credential proved: a tenant's session or API key, or the platform operator
 * (whose {@code tenantId} is {@code "-"}).
 */
public record Caller(Kind kind, String tenantId) {

    /** The credential's kind. */
    public enum Kind { SESSION, API_KEY, OPERATOR }

    public boolean isTenant() {
        return kind != Kind.OPERATOR;
    }
}
