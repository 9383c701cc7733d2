package dev.liveplane.controlplane.urls;

import dev.liveplane.api.signing.SignedUrlLayout;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;

/**
 * Turns the URLs the API mints, which name the tenant's domain, into URLs that reach the local stack's one node as
 * returned: the host becomes the node's address ({@code liveplane.urls.local-node.rtmp} / {@code .http}, which only
 * {@code bin/liveplane} sets) and the domain moves into the SRS-style {@code vhost} parameter the node reads. Locally
 * nobody can publish DNS for the tenant's domain, so its name would not resolve. Without those settings (production)
 * every URL passes through unchanged.
 *
 * <p>The signature covers the path only (DESIGN.md, Signing), so it still verifies. An OBS "Server" gets the vhost
 * on the app ({@code rtmp://127.0.0.1:1935/live?vhost=push.example.com}; OBS, ffmpeg and the node all read the app's
 * query), so the stream key stays exactly what production returns.
 */
@Singleton
public final class LocalNodeUrls {

    private static final String VHOST = "vhost";

    private final String rtmpAddress;
    private final String httpAddress;

    public LocalNodeUrls(@Value("${liveplane.urls.local-node.rtmp:}") @Nullable String rtmpAddress,
            @Value("${liveplane.urls.local-node.http:}") @Nullable String httpAddress) {
        this.rtmpAddress = blankToNull(rtmpAddress);
        this.httpAddress = blankToNull(httpAddress);
    }

    /** The push URL and its OBS server for the local node; the stream key is unchanged. */
    public SignedUrlLayout.Push push(SignedUrlLayout.Push push) {
        return new SignedUrlLayout.Push(url(push.url()), url(push.server()), push.streamKey());
    }

    /** The RTMP, HTTP-FLV and HLS play URLs for the local node. */
    public SignedUrlLayout.Play play(SignedUrlLayout.Play play) {
        return new SignedUrlLayout.Play(url(play.rtmp()), url(play.flv()), url(play.hls()));
    }

    /**
     * {@code url} ({@code rtmp://} or {@code http://}, host the domain) pointed at the local node with the domain as
     * {@code vhost}, or {@code url} itself when no local node is configured for its scheme.
     */
    public String url(String url) {
        URI uri = URI.create(url);
        String address = "rtmp".equals(uri.getScheme()) ? rtmpAddress : "http".equals(uri.getScheme())
                ? httpAddress : null;
        if (address == null) {
            return url;
        }
        String rest = url.substring(uri.getScheme().length() + "://".length() + uri.getRawAuthority().length());
        String separator = uri.getRawQuery() == null ? "?" : "&";
        return uri.getScheme() + "://" + address + rest + separator + VHOST + "=" + uri.getHost();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
