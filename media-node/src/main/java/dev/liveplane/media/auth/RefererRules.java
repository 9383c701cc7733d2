package dev.liveplane.media.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a page may embed a domain's streams, from the page's address (the HTTP {@code Referer}, the RTMP
 * connect {@code pageUrl}) and the domain's allow and deny lists of host names, where {@code *.example.com} matches
 * every subdomain of example.com (not example.com itself). A denied host is refused; when the allow list is not
 * empty, only its hosts are admitted, and a request without a page is refused.
 */
public record RefererRules(List<String> allow, List<String> deny) {

    public static final RefererRules NONE = new RefererRules(List.of(), List.of());

    public RefererRules {
        allow = allow.stream().map(RefererRules::pattern).toList();
        deny = deny.stream().map(RefererRules::pattern).toList();
    }

    private static String pattern(String raw) {
        String p = withoutRootDot(raw.trim().toLowerCase(Locale.ROOT));
        String host = p.startsWith("*.") ? p.substring(2) : p;
        if (host.isEmpty() || host.contains("*") || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException("'" + raw + "' is not a host name or *.wildcard");
        }
        return p;
    }

    /** Why the page {@code referer} may not play (or publish), or null when it may. */
    public String refusal(String referer) {
        if (allow.isEmpty() && deny.isEmpty()) {
            return null;
        }
        String host = hostOf(referer);
        if (host != null && deny.stream().anyMatch(p -> matches(p, host))) {
            return "referer " + host + " is denied";
        }
        if (!allow.isEmpty() && (host == null || allow.stream().noneMatch(p -> matches(p, host)))) {
            return host == null ? "no referer, and the domain allows only listed ones"
                    : "referer " + host + " is not allowed";
        }
        return null;
    }

    /** The host of a page address ({@code https://www.example.com/watch}), or of a bare host name; null if none. */
    static String hostOf(String referer) {
        if (referer == null || referer.isBlank()) {
            return null;
        }
        String value = referer.trim();
        try {
            String host = URI.create(value.contains("://") ? value : "http://" + value).getHost();
            return host == null ? null : withoutRootDot(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code example.com.} is {@code example.com} (RFC 1034 3.1): a trailing dot must not slip past a deny list. */
    private static String withoutRootDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    static boolean matches(String pattern, String host) {
        return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
    }
}
