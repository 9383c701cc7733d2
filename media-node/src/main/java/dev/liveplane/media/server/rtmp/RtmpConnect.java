package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.server.stream.DomainResolver;
import dev.liveplane.media.server.stream.QueryString;
import dev.liveplane.media.server.stream.StreamAddressException;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamNames;
import dev.liveplane.media.server.stream.StreamRequest;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns an RTMP client's {@code connect} command object (app, tcUrl, pageUrl) and the name it later publishes or
 * plays into the {@link StreamRequest} the authorizers decide on.
 */
final class RtmpConnect {

    private final String app;
    private final String tcUrlHost;
    private final String pageUrl;
    private final Map<String, String> query;

    private RtmpConnect(String app, String tcUrlHost, String pageUrl, Map<String, String> query) {
        this.app = app;
        this.tcUrlHost = tcUrlHost;
        this.pageUrl = pageUrl;
        this.query = query;
    }

    /** Reads the connect command object; the query parameters of the app win over the tcUrl's. */
    static RtmpConnect of(Map<?, ?> properties) {
        Object appValue = properties.get("app");
        QueryString appAndQuery = QueryString.parse(appValue instanceof String a ? a : "");
        Map<String, String> query = new LinkedHashMap<>(appAndQuery.parameters());
        // What a Flash/web publisher or player names as its page; checked like an HTTP Referer.
        String pageUrl = properties.get("pageUrl") instanceof String page && !page.isBlank() ? page : null;
        String tcUrlHost = "";
        if (properties.get("tcUrl") instanceof String url) {
            QueryString tc = QueryString.parse(url);
            tc.parameters().forEach(query::putIfAbsent);
            tcUrlHost = DomainResolver.hostOf(tc.path());
        }
        return new RtmpConnect(StreamNames.trimSlashes(appAndQuery.path()), tcUrlHost, pageUrl, query);
    }

    /** Why the app cannot be connected to (a description for the client), or null when it can. */
    String appRefusal() {
        return app.isEmpty() ? "An application name is required." : StreamNames.appRefusal(app);
    }

    /**
     * The request to publish or play {@code rawName} (a stream name, perhaps with a query) on this connection.
     *
     * @throws StreamAddressException when the names or the domain are not the API's
     */
    StreamRequest request(String rawName, SocketAddress remoteAddress) {
        QueryString name = QueryString.parse(rawName);
        Map<String, String> merged = new LinkedHashMap<>(name.parameters());
        query.forEach(merged::putIfAbsent);
        String stream = StreamNames.trimSlashes(name.path());
        // The names as the API mints them; the signature covers them as sent.
        StreamKey key = new StreamKey(DomainResolver.resolve(tcUrlHost, merged), StreamNames.app(app),
                StreamNames.stream(stream));
        return new StreamRequest(key, StreamRequest.DeliveryProtocol.RTMP, "/" + app + "/" + stream, merged,
                remoteAddress, pageUrl, StreamRequest.Kind.NEW);
    }
}
