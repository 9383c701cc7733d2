package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.web.ProblemException;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Answers the signed playlist URLs: the playlist a node uploaded with an HLS file, or every HLS file of a session in
 * order, rewritten as a VOD playlist whose segment URIs are presigned object URLs, so any player plays it from the
 * bucket. The URL's signature is checked first ({@link PlaylistUrls}): 403 when expired or wrong, before anything
 * about the recording is looked up.
 */
@Singleton
final class VodPlaylists {

    static final String RECORDING_PATH = "/v1/recordings/%s/playlist.m3u8";
    static final String SESSION_PATH = "/v1/recording-sessions/%s/playlist.m3u8";

    private final RecordingRepository files;
    private final RecordingSessionRepository sessions;
    private final ObjectStore store;
    private final PlaylistUrls urls;
    private final Duration ttl;

    VodPlaylists(RecordingRepository files, RecordingSessionRepository sessions, ObjectStore store, PlaylistUrls urls,
            RecordingConfiguration config) {
        this.files = files;
        this.sessions = sessions;
        this.store = store;
        this.urls = urls;
        this.ttl = config.downloadUrlTtl();
    }

    String ofRecording(String id, long expires, String signature) {
        urls.check(RECORDING_PATH.formatted(id), expires, signature);
        RecordingRow file = files.findById(id).filter(RecordingRow::isHls).filter(f -> store.configured())
                .orElseThrow(() -> ProblemException.notFound("HLS recording " + id));
        return HlsPlaylist.vod(List.of(segments(file)), this::presigned);
    }

    String ofSession(String id, long expires, String signature) {
        urls.check(SESSION_PATH.formatted(id), expires, signature);
        sessions.findById(id).orElseThrow(() -> ProblemException.notFound("Recording session " + id));
        List<RecordingRow> hls = store.configured() ? files.findBySessionAndFormat(id, RecordingRow.HLS) : List.of();
        if (hls.isEmpty()) {
            throw ProblemException.notFound("An HLS file of recording session " + id);
        }
        return HlsPlaylist.vod(hls.stream().map(this::segments).toList(), this::presigned);
    }

    /** The segments the file's uploaded playlist lists; none when the playlist is gone from the bucket. */
    List<HlsPlaylist.Segment> segments(RecordingRow file) {
        return store.get(file.key())
                .map(playlist -> HlsPlaylist.segments(file.key(), new String(playlist.bytes(), StandardCharsets.UTF_8)))
                .orElse(List.of());
    }

    private String presigned(String key) {
        return store.presignGet(key, ttl).toString();
    }
}
