package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;

/** 401: the credential is missing, wrong, expired or revoked. */
public class AuthenticationException extends LiveplaneException {

    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, status, problem, requestId, retryAfter, cause);
    }
}
