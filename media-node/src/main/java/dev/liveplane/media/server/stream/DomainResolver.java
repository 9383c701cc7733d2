package dev.liveplane.media.server.stream;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the domain a client addressed: the {@code vhost} (SRS-compatible) or {@code domain} query parameter when
 * present, else the host the client connected to (RTMP tcUrl host, HTTP Host header) without its port. Clients that
 * connect by IP address or to localhost without naming a domain share one default domain. Names are compared in
 * lower case and without the root's trailing dot ({@code example.com.} is {@code example.com}, RFC 1034 3.1); a name
 * that is not a host name is refused with a {@link StreamAddressException}.
 */
public final class DomainResolver {

    /** Domain of streams addressed by IP or localhost with no vhost parameter (SRS calls it __defaultVhost__). */
    public static final String DEFAULT_DOMAIN = "default";

    /** Query parameters that name the domain, in order of precedence. */
    public static final List<String> PARAMETERS = List.of("vhost", "domain");

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DomainResolver() {
    }

    public static String resolve(String host, Map<String, String> query) {
        String named = query.getOrDefault(PARAMETERS.get(0), query.get(PARAMETERS.get(1)));
        if (named != null && !named.isBlank()) {
            return hostName(named.trim());
        }
        String bare = stripPort(host == null ? "" : host.trim()).toLowerCase(Locale.ROOT);
        if (bare.isEmpty() || isIpLiteral(bare)) {
            return DEFAULT_DOMAIN;
        }
        String name = hostName(bare);
        return name.equals("localhost") ? DEFAULT_DOMAIN : name;
    }

    /** The host of an RTMP {@code tcUrl} ({@code rtmp://host:port/app}), or "" when it has none. */
    public static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /**
     * {@code value} as a domain: lower case, one trailing dot dropped, then dot-separated labels of 1-63 letters,
     * digits, '-' or '_' (underscores occur in real service names), 253 characters at most.
     */
    static String hostName(String value) {
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (!isHostName(name)) {
            throw new StreamAddressException("bad domain '" + StreamAddressException.printable(value)
                    + "': a domain is a host name such as play.example.com");
        }
        return name;
    }

    private static boolean isHostName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME) {
            return false;
        }
        int label = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (label == 0) {
                    return false;
                }
                label = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++label > MAX_LABEL) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return label > 0;
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
