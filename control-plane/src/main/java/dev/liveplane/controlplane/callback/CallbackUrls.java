package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks that a webhook URL is one the dispatcher can POST to: absolute, {@code http} or {@code https}, with a host,
 * and, unless internal receivers are allowed, not an internal address written out (names are checked when sent).
 */
final class CallbackUrls {

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

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "url", message);
    }
}
