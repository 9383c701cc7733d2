package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 409: the request conflicts with the current state (a taken name, a domain still in use). */
public class ConflictException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public ConflictException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
