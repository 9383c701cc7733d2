package dev.liveplane.controlplane.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Refuses a request that carries a body but no {@code Content-Type} (415). Micronaut reads such a body as JSON, so a
 * form post or a stray upload reached the routes; a body of another declared type is refused by the routes already.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class JsonContentTypeFilter implements Ordered {

    @RequestFilter
    void requireContentType(HttpRequest<?> request) {
        HttpHeaders headers = request.getHeaders();
        boolean hasBody = request.getContentLength() > 0 || headers.contains(HttpHeaders.TRANSFER_ENCODING);
        if (hasBody && headers.getContentType().isEmpty()) {
            throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body with Content-Type: application/json");
        }
    }

    @Override
    public int getOrder() {
        // After the request id is set (so the problem carries it), before credentials are checked.
        return ServerFilterPhase.FIRST.after();
    }
}
