package dev.liveplane.controlplane.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each request its id (in the logging context and the {@code X-Request-Id} response header) and logs one
 * line per request: method, path, status, time (the logging context adds the request and tenant ids). Never
 * headers or bodies, where credentials travel.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class RequestLogFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLogFilter.class);
    private static final String STARTED = "liveplane.startedNanos";

    @RequestFilter
    void start(HttpRequest<?> request, MutablePropagatedContext context) {
        request.setAttribute(STARTED, System.nanoTime());
        LogContext.put(context, "requestId", RequestIds.of(request));
    }

    @ResponseFilter
    void finish(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(RequestIds.HEADER, RequestIds.of(request));
        long micros = request.getAttribute(STARTED, Long.class).map(t -> (System.nanoTime() - t) / 1000).orElse(-1L);
        LOG.info("request method={} path={} status={} micros={}", request.getMethodName(), request.getPath(),
                response.code(), micros);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
