package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.Problem;
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
