package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * The web console's session cookie, a credential a browser sends by itself: who it proves, and the CSRF token bound
 * to it that a request must echo in {@code X-CSRF-Token} before the cookie may change anything.
 */
public interface CookieCredentials {

    /** The session cookie's value on this request, if it carries one. */
    Optional<String> sessionCookie(HttpRequest<?> request);

    /** The live session a cookie value proves, or empty when it is not one (unknown, expired, logged out). */
    Optional<CookieSession> authenticate(String cookieValue);

    /** Who a session cookie proves, and the CSRF token its unsafe requests must carry. */
    record CookieSession(Caller caller, String csrfToken) {
        @Override
        public String toString() {
            return "CookieSession[" + caller + "]";
        }
    }
}
