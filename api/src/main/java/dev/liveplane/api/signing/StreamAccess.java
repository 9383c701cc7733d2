package dev.liveplane.api.signing;

import java.util.Locale;
import java.util.Map;

/**
 * One request to check: the action, the domain the client addressed, the stream, the URI the signature covers
 * ({@code /{app}/{stream}} for RTMP, the request path for HTTP), the request's query parameters (decoded) and the
 * client's address (may be null).
 */
public record StreamAccess(StreamAction action, String domain, String app, String stream, String uri,
        Map<String, String> query, String clientIp) {

    public StreamAccess {
        domain = domain.toLowerCase(Locale.ROOT);
        query = Map.copyOf(query);
    }

    /** The access a whole URL asks for, its domain being the URL's host. */
    public static StreamAccess of(StreamAction action, StreamUrl url, String clientIp) {
        return new StreamAccess(action, url.host(), url.app(), url.stream(), url.path(), url.query(), clientIp);
    }
}
