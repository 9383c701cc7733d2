package dev.liveplane.media.protocol.hls;

import java.util.List;

/**
 * Turns the sliding window of a live stream's segments into an RFC 8216 media playlist.
 *
 * @param targetDurationSeconds EXT-X-TARGETDURATION; raised to {@link #targetDurationFor} of the longest segment if
 *        that is larger. Keep it constant for a stream: players may assume it is (6.2.1)
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE, the sequence number of the first segment listed (4.3.3.2)
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE: discontinuities that have left the window (4.3.3.3)
 * @param segments oldest first
 * @param ended whether the stream is over, adding EXT-X-ENDLIST (4.3.3.4)
 */
public record MediaPlaylist(int targetDurationSeconds, long mediaSequence, long discontinuitySequence,
        List<MediaSegment> segments, boolean ended) {

    /** RFC 8216 7: EXTINF with decimals needs protocol version 3. */
    private static final int VERSION = 3;

    public MediaPlaylist {
        if (mediaSequence < 0 || discontinuitySequence < 0) {
            throw new IllegalArgumentException("sequence numbers must not be negative");
        }
        segments = List.copyOf(segments);
        for (MediaSegment segment : segments) {
            targetDurationSeconds = Math.max(targetDurationSeconds, targetDurationFor(segment.durationMs()));
        }
        targetDurationSeconds = Math.max(targetDurationSeconds, 1);
    }

    /**
     * The smallest target duration a segment of {@code durationMs} fits under: its duration rounded to the nearest
     * second (4.3.3.1). Rounding rather than ceiling keeps 2 s GOPs at 2 although publishers' millisecond timestamps
     * make some of them 2.001 s long.
     */
    public static int targetDurationFor(long durationMs) {
        return (int) Math.min(Integer.MAX_VALUE, (durationMs + 500) / 1000);
    }

    /**
     * Renders the playlist.
     *
     * @param querySuffix appended verbatim to every segment URI, e.g. {@code "?token=abc"} for signed URLs; empty for
     *        none
     * @throws IllegalArgumentException if the suffix is neither empty nor starts with '?', or spans lines (it would
     *         inject playlist tags)
     */
    public String render(String querySuffix) {
        if (!querySuffix.isEmpty() && (querySuffix.charAt(0) != '?' || querySuffix.indexOf('\n') >= 0
                || querySuffix.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("query suffix must be empty or one line starting with '?'");
        }
        StringBuilder sb = new StringBuilder(128 + segments.size() * (48 + querySuffix.length()));
        sb.append("#EXTM3U\n");
        sb.append("#EXT-X-VERSION:").append(VERSION).append('\n');
        sb.append("#EXT-X-TARGETDURATION:").append(targetDurationSeconds).append('\n');
        sb.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        if (discontinuitySequence > 0) {
            sb.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        for (MediaSegment segment : segments) {
            if (segment.discontinuity()) {
                sb.append("#EXT-X-DISCONTINUITY\n");
            }
            sb.append("#EXTINF:");
            appendSeconds(sb, segment.durationMs());
            sb.append(",\n").append(segment.uri()).append(querySuffix).append('\n');
        }
        if (ended) {
            sb.append("#EXT-X-ENDLIST\n");
        }
        return sb.toString();
    }

    /** Seconds with exactly three decimals, independent of the default locale. */
    private static void appendSeconds(StringBuilder sb, long ms) {
        long millis = ms % 1000;
        sb.append(ms / 1000).append('.');
        if (millis < 100) {
            sb.append('0');
        }
        if (millis < 10) {
            sb.append('0');
        }
        sb.append(millis);
    }
}
