package dev.liveplane.media.fleet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns a response body into text, gunzipping it when the server answered {@code Content-Encoding: gzip} (the full
 * snapshot does when asked: 35 MB of JSON at 100,000 domains is a fifth of that gzipped). The JDK's client neither
 * asks for nor decodes compression itself, so the caller sends {@code Accept-Encoding: gzip} and reads with this.
 * Any other encoding fails the request: the node cannot read it.
 */
final class DecodedBody {

    /** The answer's text, however it was encoded. */
    static final HttpResponse.BodyHandler<String> TEXT = info -> {
        String encoding = info.headers().firstValue("Content-Encoding").orElse("identity").strip()
                .toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "gzip" -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
                    DecodedBody::gunzip);
            case "identity", "" -> HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            default -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.discarding(), nothing -> {
                throw new UncheckedIOException(new IOException("Content-Encoding " + encoding + " not readable"));
            });
        };
    };

    private DecodedBody() {
    }

    private static String gunzip(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip body unreadable", e);
        }
    }
}
