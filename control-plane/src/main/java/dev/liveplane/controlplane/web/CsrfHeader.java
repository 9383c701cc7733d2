package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The CSRF check of cookie-authenticated requests: a browser attaches the cookie to any request, even one another
 * site's page makes, but only the console's own script knows the token to put in {@code X-CSRF-Token} (and another
 * origin cannot set that header without the CORS permission this service never gives).
 */
public final class CsrfHeader {

    public static final String NAME = "X-CSRF-Token";

    private CsrfHeader() {
    }

    /** Whether the method may change something (anything but GET, HEAD, OPTIONS and TRACE). */
    public static boolean isUnsafe(HttpMethod method) {
        return method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS
                && method != HttpMethod.TRACE;
    }

    /** Whether the request's header carries {@code expected}, compared in constant time. */
    public static boolean matches(HttpRequest<?> request, String expected) {
        String sent = request.getHeaders().get(NAME);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Refuses an unsafe request that does not carry {@code expected}. */
    public static void require(HttpRequest<?> request, String expected) {
        if (isUnsafe(request.getMethod()) && !matches(request, expected)) {
            throw new ProblemException(ProblemType.CSRF_TOKEN_INVALID, "Send the session's csrfToken (from GET "
                    + "/v1/auth/console/session) in " + NAME + " with every change made through the console's cookie");
        }
    }
}
