package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 429: too many requests; {@link #retryAfter()} says how long the server asked to wait. */
public class RateLimitException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public RateLimitException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
