package dev.liveplane.bench;

import java.net.URI;

/**
 * Splits a play URL ({@code rtmp://host[:port]/app/stream[?query]} or {@code http://host[:port]/app/stream.flv[?query]})
 * into what the two viewer kinds send.
 *
 * @param rtmp true for RTMP, false for HTTP-FLV
 * @param app the RTMP application (first path segment)
 * @param stream the RTMP play name, query included as servers expect it there (nginx-rtmp, SRS)
 * @param tcUrl the RTMP connect URL: scheme, authority and app
 * @param httpPathAndQuery the HTTP request target
 */
public record PlayUrl(boolean rtmp, String host, int port, String app, String stream, String tcUrl,
        String httpPathAndQuery) {

    public static PlayUrl parse(String url) {
        URI uri = URI.create(url);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (uri.getHost() == null || uri.getRawPath() == null) {
            throw new IllegalArgumentException("not a play URL: " + url + " (want rtmp://host/app/stream or "
                    + "http://host/app/stream.flv)");
        }
        String path = uri.getRawPath().startsWith("/") ? uri.getRawPath().substring(1) : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        int slash = path.indexOf('/');
        switch (scheme) {
            case "rtmp" -> {
                if (slash <= 0 || slash == path.length() - 1) {
                    throw new IllegalArgumentException("RTMP URL needs an app and a stream: " + url);
                }
                int port = uri.getPort() < 0 ? 1935 : uri.getPort();
                String app = path.substring(0, slash);
                String tcUrl = "rtmp://" + uri.getRawAuthority() + "/" + app;
                return new PlayUrl(true, uri.getHost(), port, app, path.substring(slash + 1) + query, tcUrl, null);
            }
            case "http" -> {
                int port = uri.getPort() < 0 ? 80 : uri.getPort();
                return new PlayUrl(false, uri.getHost(), port, null, null, null, "/" + path + query);
            }
            default -> throw new IllegalArgumentException("unsupported scheme '" + scheme + "' in " + url
                    + " (rtmp or http)");
        }
    }

    /** The HTTP Host header value. */
    public String hostHeader() {
        return port == 80 ? host : host + ":" + port;
    }
}
