package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 400 or 422: the request is malformed or invalid; {@link #errors()} names the fields. */
public class InvalidRequestException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
