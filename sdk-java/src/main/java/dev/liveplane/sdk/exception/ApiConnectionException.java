package dev.liveplane.sdk.exception;

/** A call that got no HTTP response because the connection was refused, reset or timed out (status 0). */
public class ApiConnectionException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    private final boolean requestSent;

    public ApiConnectionException(String message, boolean requestSent, Throwable cause) {
        super(message, 0, null, null, null, cause);
        this.requestSent = requestSent;
    }

    /**
     * Whether the request may have reached the server: false only when no connection was ever made, so the server
     * cannot have acted on it.
     */
    public boolean requestSent() {
        return requestSent;
    }
}
