package dev.liveplane.sdk.exception;

import dev.liveplane.sdk.generated.model.FieldError;
import dev.liveplane.sdk.generated.model.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A failed Liveplane call, with its HTTP status (0 when no response came), the RFC 7807 problem the API answered with
 * and the {@code X-Request-Id} to quote when reporting it.
 */
public class LiveplaneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final String requestId;
    private final Duration retryAfter;

    public LiveplaneException(String message, int status, Problem problem, String requestId, Duration retryAfter,
            Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = problem == null ? null : problem.getType();
        this.title = problem == null ? null : problem.getTitle();
        this.detail = problem == null ? null : problem.getDetail();
        this.errors = problem == null || problem.getErrors() == null ? List.of() : List.copyOf(problem.getErrors());
        this.requestId = requestId;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when the request got no response (connection refused, reset, timed out). */
    public int status() {
        return status;
    }

    /** The problem's stable {@code type} URI, e.g. {@code https://liveplane.dev/problems/domain-taken}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The fields a 400 or 422 found wrong; empty when none were named. */
    public List<FieldError> errors() {
        return errors;
    }

    /** The {@code X-Request-Id} of the response; quote it when reporting a problem. */
    public String requestId() {
        return requestId;
    }

    /** How long the server asked the caller to wait ({@code Retry-After}), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
