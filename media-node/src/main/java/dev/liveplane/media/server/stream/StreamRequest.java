package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import java.net.SocketAddress;
import java.util.Map;

/**
 * What a client asked for: the stream as it addressed it (domain, app, stream), the protocol, the URI the signature
 * covers ({@code /{app}/{stream}} for RTMP, the request path for HTTP), its query parameters (merged from the RTMP
 * tcUrl, app and stream name, or the HTTP query, plus an HTTP bearer token as {@code token}), where it connected
 * from, the page it came from (the HTTP {@code Referer}, the RTMP connect {@code pageUrl}; null when absent) and what
 * kind of request the handler that took it found it to be.
 */
public record StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
        SocketAddress remoteAddress, String referer, Kind kind) {

    /**
     * The query parameter of a running HLS viewer's session: the node writes it into the playlists it serves, the
     * viewer's refreshes and segment requests bring it back.
     */
    public static final String HLS_SESSION_PARAMETER = "lp_session";
    /** The query parameter carrying another node's relay token on its pull of a stream. */
    public static final String RELAY_PARAMETER = "lp_relay";
    /**
     * Names the id of the push domain the pulling edge authorized its players under; the origin refuses the pull when
     * its own snapshot has another registration of the name (one of the two has not seen the change yet).
     */
    public static final String RELAY_DOMAIN_ID_PARAMETER = "lp_domain_id";

    /** How the client talks to the node. */
    public enum DeliveryProtocol { RTMP, HTTP_FLV, HLS_PLAYLIST, HLS_SEGMENT }

    /** Who is asking, which decides what a draining or full node still lets through. */
    public enum Kind {
        /** A new publish or play. */
        NEW,
        /** A viewer already watching over HLS: a segment, or a playlist refresh that carries its session. */
        HLS_SESSION,
        /** Another node of the fleet pulling the stream over HTTP-FLV for its own viewers. */
        RELAY_PULL;

        /** What the node's own URL scheme says a request of {@code protocol} with {@code query} is. */
        public static Kind of(DeliveryProtocol protocol, Map<String, String> query) {
            if (protocol == DeliveryProtocol.HLS_SEGMENT
                    || (protocol == DeliveryProtocol.HLS_PLAYLIST && query.containsKey(HLS_SESSION_PARAMETER))) {
                return HLS_SESSION;
            }
            return protocol == DeliveryProtocol.HTTP_FLV && query.containsKey(RELAY_PARAMETER) ? RELAY_PULL : NEW;
        }
    }

    /** A request whose kind follows from its protocol and query. */
    public StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
            SocketAddress remoteAddress, String referer) {
        this(key, protocol, uri, query, remoteAddress, referer, Kind.of(protocol, query));
    }

    /** A request without a referer. */
    public StreamRequest(StreamKey key, DeliveryProtocol protocol, String uri, Map<String, String> query,
            SocketAddress remoteAddress) {
        this(key, protocol, uri, query, remoteAddress, null);
    }
}
