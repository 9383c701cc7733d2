package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.Times;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes the URLs a tenant downloads and plays recordings with, each working for {@code download-url-ttl}: an FLV or
 * MP4 file's presigned object URL, or for HLS (a file or a whole session) the control plane's own signed playlist URL,
 * on the configured public API address or else the one the tenant's request came to.
 */
@Singleton
final class DownloadLinks {

    private final ObjectStore store;
    private final PlaylistUrls urls;
    private final Duration ttl;
    private final String publicApiUrl;

    DownloadLinks(ObjectStore store, PlaylistUrls urls, RecordingConfiguration config) {
        this.store = store;
        this.urls = urls;
        this.ttl = config.downloadUrlTtl();
        this.publicApiUrl = config.publicApiUrl() == null || config.publicApiUrl().isBlank() ? null
                : config.publicApiUrl().replaceAll("/+$", "");
    }

    /** A URL and until when it works. */
    record Link(String url, Instant expiresAt) {
    }

    /** The file's download URL; null when no storage is configured to download it from. */
    @Nullable Link file(RecordingRow file, String requestBase) {
        if (!store.configured()) {
            return null;
        }
        Instant expires = Times.now().plus(ttl);
        String url = file.isHls() ? base(requestBase) + urls.signed(VodPlaylists.RECORDING_PATH.formatted(file.id()),
                expires) : store.presignGet(file.key(), ttl).toString();
        return new Link(url, expires);
    }

    /** The session's VOD playlist URL; null when the session has no HLS file (or no storage to play it from). */
    @Nullable Link session(RecordingSessionRow session, String requestBase) {
        if (session.hlsFiles() <= 0 || !store.configured()) {
            return null;
        }
        Instant expires = Times.now().plus(ttl);
        return new Link(base(requestBase) + urls.signed(VodPlaylists.SESSION_PATH.formatted(session.id()), expires),
                expires);
    }

    private String base(String requestBase) {
        return publicApiUrl == null ? requestBase : publicApiUrl;
    }
}
