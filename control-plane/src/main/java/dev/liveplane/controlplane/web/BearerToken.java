package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpRequest;
import java.util.Optional;

/** Reads the token of an {@code Authorization: Bearer} header. */
public final class BearerToken {

    private static final String BEARER = "bearer ";

    private BearerToken() {
    }

    /** The token, or empty when the header is missing, not a bearer header, or blank. */
    public static Optional<String> of(HttpRequest<?> request) {
        String header = request.getHeaders().getAuthorization().orElse(null);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
