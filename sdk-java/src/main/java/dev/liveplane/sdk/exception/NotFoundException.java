package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 404: no such object for this tenant; another tenant's objects are never visible. */
public class NotFoundException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
