package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks that a webhook URL is one the dispatcher can POST to: absolute, {@code http} or {@code https}, with a host,
 * and, unless internal receivers are allowed, not an internal address written out (names are checked when sent);
 * and turns one into the form that may be shown and stored in clear, with its credentials masked.
 */
final class CallbackUrls {

    /** The display form's limit: the column's, and the spec's for the URL itself. */
    static final int MAX_LENGTH = 2048;
    private static final String MASK = "***";

    private CallbackUrls() {
    }

    static String check(String raw, boolean allowPrivateAddresses) {
        String url = raw.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("is not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid("must be an absolute http:// or https:// URL");
        }
        // URI leaves the host null for names it cannot parse as a server authority (an underscore, a bad port).
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("must name a host, e.g. https://hooks.example.com/liveplane");
        }
        if (!allowPrivateAddresses) {
            TargetAddresses.literalRefusal(uri.getHost()).ifPresent(reason -> {
                throw invalid("must be reachable on the internet; its host " + reason);
            });
        }
        return url;
    }

    /**
     * {@code scheme://host[:port]/path}, with userinfo shown as {@code ***@} and each query value as {@code ***}
     * ({@code ?token=***}): where receivers put credentials. The URL was checked when it was set, so it parses.
     */
    static String display(String url) {
        URI uri = URI.create(url);
        StringBuilder display = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            display.append(MASK).append('@');
        }
        display.append(uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1));
        display.append(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            display.append('?').append(Arrays.stream(uri.getRawQuery().split("&", -1))
                    .map(pair -> pair.contains("=") ? pair.substring(0, pair.indexOf('=') + 1) + MASK : MASK)
                    .collect(Collectors.joining("&")));
        }
        // Masking can lengthen a URL ("a@" becomes "***@"); the display form is cut rather than overflow.
        return display.length() <= MAX_LENGTH ? display.toString() : display.substring(0, MAX_LENGTH);
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "url", message);
    }
}
