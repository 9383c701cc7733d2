package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.LockConflicts;
import dev.liveplane.controlplane.web.model.Problem;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an exception no other handler takes into a 500 problem (the request id to quote, never the message) and
 * logs its stack trace a few times a minute per place it was thrown, with the count left out: a client retrying a
 * request that fails the same way (a node resending a batch) must not bury the log in identical traces.
 *
 * <p>A transaction the database rolled back to break a deadlock or a lock wait ({@link LockConflicts}) changed
 * nothing, and the same request sent again succeeds: it is answered 503 with {@code Retry-After}, which clients (the
 * SDK included) retry, and logged as a warning, not as a bug.
 */
@Produces
@Singleton
final class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);
    private static final LogLimiter TRACES = LogLimiter.perMinute(3);

    // Raw HttpRequest: the interface declares it so, and an override cannot narrow it.
    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<Problem> handle(HttpRequest request, Exception exception) {
        if (LockConflicts.is(exception)) {
            LOG.warn("request lost a lock conflict, nothing changed method={} path={}", request.getMethodName(),
                    request.getPath());
            return Problems.response(request, ProblemType.SERVICE_UNAVAILABLE, "Another change to the same data ran"
                    + " at the same moment, so this one was rolled back and changed nothing; send it again", List.of())
                    .header(HttpHeaders.RETRY_AFTER, "1");
        }
        TRACES.log(key(exception), suppressed -> LOG.error("unexpected error method={} path={} error={} "
                + "suppressed={}", request.getMethodName(), request.getPath(), exception.getClass().getName(),
                suppressed, exception));
        return Problems.response(request, ProblemType.INTERNAL_ERROR, "Quote the request id when reporting this.",
                List.of());
    }

    /** Where the exception comes from: its class and the frame that threw it. */
    private static String key(Throwable exception) {
        StackTraceElement[] trace = exception.getStackTrace();
        return exception.getClass().getName() + (trace.length == 0 ? "" : "@" + trace[0]);
    }
}
