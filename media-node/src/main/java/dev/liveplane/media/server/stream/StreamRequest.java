package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import java.net.SocketAddress;
import java.util.Map;

/**
 * What a client asked for: the stream as it addressed it (domain, app, stream), the protocol, the URI the signature
 * covers ({@code /{app}/{stream}} for RTMP, the request path for HTTP), its query parameters (merged from the RTMP
 * tcUrl, app and stream name, or the HTTP query, plus an HTTP bearer token as {@code token}), where it connected
 * from and the page it came from (the HTTP {@code Referer}, the RTMP connect {@code pageUrl}; null when absent).
 */
public record StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
        SocketAddress remoteAddress, String referer) {

    /** How the client talks to the node. */
    public enum DeliveryProtocol { RTMP, HTTP_FLV, HLS_PLAYLIST, HLS_SEGMENT }

    /** A request without a referer. */
    public StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
            SocketAddress remoteAddress) {
        this(key, protocol, uri, query, remoteAddress, null);
    }
}
