package dev.liveplane.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liveplane.sdk.exception.ApiConnectionException;
import dev.liveplane.sdk.exception.AuthenticationException;
import dev.liveplane.sdk.exception.ConflictException;
import dev.liveplane.sdk.exception.InvalidRequestException;
import dev.liveplane.sdk.exception.LiveplaneException;
import dev.liveplane.sdk.exception.NotFoundException;
import dev.liveplane.sdk.exception.PermissionException;
import dev.liveplane.sdk.exception.RateLimitException;
import dev.liveplane.sdk.generated.ApiException;
import dev.liveplane.sdk.generated.model.Problem;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns the generated client's checked {@link ApiException} into the SDK's unchecked exceptions. */
final class ApiExceptionTranslator {

    private static final String REQUEST_ID = "X-Request-Id";
    private static final int BODY_EXCERPT = 200;

    private final ObjectMapper json;
    private final String endpoint;
    private final Clock clock;

    ApiExceptionTranslator(ObjectMapper json, String endpoint, Clock clock) {
        this.json = json;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    RuntimeException translate(String operation, ApiException e) {
        if (e.getCode() == 0) {
            return noResponse(operation, e.getCause());
        }
        if (e.getResponseHeaders() == null) {
            // The generated client refused to send: a required argument was null.
            return new IllegalArgumentException(operation + ": " + e.getMessage(), e);
        }
        return fromResponse(operation, e);
    }

    private LiveplaneException noResponse(String operation, Throwable cause) {
        if (cause instanceof InterruptedException) {
            return new LiveplaneException(operation + ": interrupted while waiting for " + endpoint, 0, null, null,
                    null, cause);
        }
        if (cause instanceof JsonProcessingException) {
            // A 2xx whose body is not the documented JSON: nothing to retry.
            return new LiveplaneException(operation + ": the response from " + endpoint + " could not be read: "
                    + cause.getMessage(), 0, null, null, null, cause);
        }
        boolean sent = !(cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException);
        return new ApiConnectionException(operation + ": no response from " + endpoint + " (" + cause + ")", sent,
                cause);
    }

    private LiveplaneException fromResponse(String operation, ApiException e) {
        int status = e.getCode();
        HttpHeaders headers = e.getResponseHeaders();
        Problem problem = problem(e.getResponseBody());
        String requestId = headers.firstValue(REQUEST_ID).orElse(problem == null ? null : problem.getRequestId());
        Duration retryAfter = headers.firstValue("Retry-After").map(this::retryAfter).orElse(null);
        String message = message(operation, status, problem, e.getResponseBody(), requestId);
        return switch (status) {
            case 400, 422 -> new InvalidRequestException(message, status, problem, requestId, retryAfter, e);
            case 401 -> new AuthenticationException(message, status, problem, requestId, retryAfter, e);
            case 403 -> new PermissionException(message, status, problem, requestId, retryAfter, e);
            case 404 -> new NotFoundException(message, status, problem, requestId, retryAfter, e);
            case 409 -> new ConflictException(message, status, problem, requestId, retryAfter, e);
            case 429 -> new RateLimitException(message, status, problem, requestId, retryAfter, e);
            default -> new LiveplaneException(message, status, problem, requestId, retryAfter, e);
        };
    }

    /** The RFC 7807 body, or null when the answer came from something else (a proxy's HTML page, nothing). */
    private Problem problem(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            Problem problem = json.readValue(body, Problem.class);
            return problem.getType() == null && problem.getTitle() == null ? null : problem;
        } catch (JsonProcessingException notAProblem) {
            return null;
        }
    }

    /** E.g. {@code createDomain: 409 Domain taken: push.example.com is in use [type ..., request id ...]}. */
    private static String message(String operation, int status, Problem problem, String body, String requestId) {
        StringBuilder text = new StringBuilder(operation).append(": ").append(status);
        List<String> context = new ArrayList<>();
        if (problem != null) {
            text.append(' ').append(problem.getTitle());
            if (problem.getDetail() != null) {
                text.append(": ").append(problem.getDetail());
            }
            context.add("type " + problem.getType());
        } else if (body != null && !body.isBlank()) {
            String excerpt = body.strip();
            text.append(' ').append(excerpt, 0, Math.min(excerpt.length(), BODY_EXCERPT));
        }
        if (requestId != null) {
            context.add("request id " + requestId);
        }
        return context.isEmpty() ? text.toString() : text.append(" [").append(String.join(", ", context))
                .append(']').toString();
    }

    /** {@code Retry-After} is either delay-seconds or an HTTP-date (RFC 9110, 10.2.3). */
    private Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
