package dev.liveplane.api.signing;

import java.util.function.UnaryOperator;

/**
 * Lays out one stream's signed URLs from its domain, app and stream name: the push URL with OBS's "Server" and
 * "Stream Key" fields, and the RTMP, HTTP-FLV and HLS play URLs, each signed by the caller's signer. Hosts are the
 * domain itself on default ports.
 */
public final class SignedUrlLayout {

    private SignedUrlLayout() {
    }

    /** A push URL, and the same split where OBS wants it: {@code server + "/" + streamKey} is the URL. */
    public record Push(String url, String server, String streamKey) {
    }

    /** The play URLs of one stream. */
    public record Play(String rtmp, String flv, String hls) {
    }

    /**
     * {@code rtmp://{domain}/{app}/{stream}?{signature}}; the server is {@code rtmp://{domain}/{app}} and the stream
     * key the rest, {@code {stream}?{signature}}, since OBS joins the two with a slash.
     */
    public static Push push(String domain, String app, String stream, UnaryOperator<String> sign) {
        String server = "rtmp://" + domain + "/" + app;
        String url = sign.apply(server + "/" + stream);
        return new Push(url, server, url.substring(server.length() + 1));
    }

    /** {@code rtmp://{domain}/{app}/{stream}}, {@code http://.../{stream}.flv} and {@code .m3u8}, each signed. */
    public static Play play(String domain, String app, String stream, UnaryOperator<String> sign) {
        String base = domain + "/" + app + "/" + stream;
        return new Play(sign.apply("rtmp://" + base), sign.apply("http://" + base + ".flv"),
                sign.apply("http://" + base + ".m3u8"));
    }
}
