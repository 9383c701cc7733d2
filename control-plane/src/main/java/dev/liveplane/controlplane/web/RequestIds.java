package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one request: the caller's {@code X-Request-Id} when it looks sane (so ids follow a request across
 * services), otherwise a fresh one. Kept on the request so the header, the logs and problem bodies agree.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = "liveplane.requestId";
    // Short and plain: an id is echoed into logs and headers, so nothing that could forge a log line or a header.
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private RequestIds() {
    }

    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String given = request.getHeaders().get(HEADER);
            String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }
}
