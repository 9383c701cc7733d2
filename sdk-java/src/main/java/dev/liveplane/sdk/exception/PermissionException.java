package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 403: the credential is valid but may not do this (an operator route with a tenant key). */
public class PermissionException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public PermissionException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
