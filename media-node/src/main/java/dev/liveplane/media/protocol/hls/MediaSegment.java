package dev.liveplane.media.protocol.hls;

import java.util.Objects;

/**
 * One entry of a media playlist (RFC 8216, 3 and 4.3.2).
 *
 * @param uri the segment's URI relative to the playlist
 * @param durationMs the segment's duration, rendered as EXTINF in seconds with 3 decimals
 * @param discontinuity whether EXT-X-DISCONTINUITY precedes it (4.3.2.3): its timestamps or encoding do not continue
 *        the previous segment's
 */
public record MediaSegment(String uri, long durationMs, boolean discontinuity) {

    public MediaSegment {
        Objects.requireNonNull(uri, "uri");
        if (uri.isEmpty() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("segment URI must be one non-empty line: " + uri);
        }
        if (durationMs < 0) {
            throw new IllegalArgumentException("segment duration must not be negative: " + durationMs);
        }
    }
}
