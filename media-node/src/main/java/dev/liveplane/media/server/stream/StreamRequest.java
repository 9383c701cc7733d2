package dev.liveplane.media.server.stream;

import java.net.SocketAddress;
import java.util.Map;

/**
 * What a client asked for: the stream, the protocol, the URI the signature covers, its query parameters (merged from
 * the RTMP tcUrl and stream name, or the HTTP query) and where it connected from.
 */
public record StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
        SocketAddress remoteAddress) {

    /** How the client talks to the node. */
    public enum DeliveryProtocol { RTMP, HTTP_FLV, HLS }
}
