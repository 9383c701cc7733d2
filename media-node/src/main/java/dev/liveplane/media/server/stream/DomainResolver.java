package dev.liveplane.media.server.stream;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the domain a client addressed: the {@code vhost} (SRS-compatible) or {@code domain} query parameter when
 * present, else the host the client connected to (RTMP tcUrl host, HTTP Host header) without its port. Clients that
 * connect by IP address or to localhost without naming a domain share one default domain.
 */
public final class DomainResolver {

    /** Domain of streams addressed by IP or localhost with no vhost parameter (SRS calls it __defaultVhost__). */
    public static final String DEFAULT_DOMAIN = "default";

    /** Query parameters that name the domain, in order of precedence. */
    public static final List<String> PARAMETERS = List.of("vhost", "domain");

    private DomainResolver() {
    }

    public static String resolve(String host, Map<String, String> query) {
        String named = query.getOrDefault(PARAMETERS.get(0), query.get(PARAMETERS.get(1)));
        if (named != null && !named.isBlank()) {
            return named.trim().toLowerCase(Locale.ROOT);
        }
        String bare = stripPort(host == null ? "" : host.trim()).toLowerCase(Locale.ROOT);
        if (bare.isEmpty() || bare.equals("localhost") || isIpLiteral(bare)) {
            return DEFAULT_DOMAIN;
        }
        return bare;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 ? host.substring(0, end + 1) : host;
        }
        int colon = host.indexOf(':');
        return colon >= 0 && host.indexOf(':', colon + 1) < 0 ? host.substring(0, colon) : host;
    }

    private static boolean isIpLiteral(String host) {
        if (host.startsWith("[") || host.indexOf(':') >= 0) {
            return true;
        }
        return host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
