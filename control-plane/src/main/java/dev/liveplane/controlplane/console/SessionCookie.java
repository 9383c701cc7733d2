package dev.liveplane.controlplane.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The console's session cookie as the browser holds it: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/, and Secure wherever the console is served over HTTPS. A Secure cookie takes the
 * {@code __Host-} prefix, which browsers only accept from a secure origin, for Path=/ and with no Domain, so a sibling
 * subdomain cannot plant one.
 */
@Singleton
final class SessionCookie {

    private final ConsoleConfiguration configuration;
    private final String name;

    SessionCookie(ConsoleConfiguration configuration) {
        this.configuration = configuration;
        this.name = configuration.secureCookie() ? "__Host-lp_session" : "lp_session";
    }

    Optional<String> of(HttpRequest<?> request) {
        return request.getCookies().findCookie(name).map(Cookie::getValue).filter(value -> !value.isBlank());
    }

    Cookie holding(String value) {
        return base(value).maxAge(configuration.sessionLifetime());
    }

    /** The instruction to forget the cookie (log-out). */
    Cookie cleared() {
        return base("").maxAge(0);
    }

    private Cookie base(String value) {
        return Cookie.of(name, value).httpOnly(true).secure(configuration.secureCookie()).sameSite(SameSite.Strict)
                .path("/");
    }
}
