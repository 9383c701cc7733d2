package dev.liveplane.controlplane.recording;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads the VOD media playlist a node uploaded with an HLS file (RFC 8216: {@code #EXTINF} then a segment URI
 * relative to the playlist, in the playlist's own directory) into its segments' durations and object keys, and writes
 * a VOD playlist of one or more such files with other segment URIs (presigned ones), a discontinuity between files.
 */
final class HlsPlaylist {

    private HlsPlaylist() {
    }

    /** A segment: its {@code #EXTINF} duration in seconds and its object key. */
    record Segment(double seconds, String key) {
    }

    /** The segments of the playlist stored at {@code playlistKey}, in order. */
    static List<Segment> segments(String playlistKey, String text) {
        String directory = playlistKey.substring(0, playlistKey.lastIndexOf('/') + 1);
        List<Segment> segments = new ArrayList<>();
        double seconds = 0;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                seconds = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                // Only names in the playlist's directory: a URI elsewhere would make a delete reach other objects.
                if (line.contains("/") || line.contains("\\") || line.contains(":") || line.equals("..")) {
                    throw new IllegalArgumentException("segment " + line + " of " + playlistKey
                            + " is not a name in the playlist's directory");
                }
                segments.add(new Segment(seconds, directory + line));
                seconds = 0;
            }
        }
        return segments;
    }

    /**
     * A VOD playlist playing {@code files} one after the other (each a list of segments), with a discontinuity where
     * one file ends and the next begins, each segment's URI made by {@code uri}.
     */
    static String vod(List<List<Segment>> files, Function<String, String> uri) {
        double longest = files.stream().flatMap(List::stream).mapToDouble(Segment::seconds).max().orElse(1);
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-PLAYLIST-TYPE:VOD\n")
                .append("#EXT-X-TARGETDURATION:").append(Math.max(1, (long) Math.ceil(longest))).append('\n')
                .append("#EXT-X-MEDIA-SEQUENCE:0\n");
        boolean first = true;
        for (List<Segment> file : files) {
            if (!first && !file.isEmpty()) {
                playlist.append("#EXT-X-DISCONTINUITY\n");
            }
            for (Segment segment : file) {
                playlist.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", segment.seconds()))
                        .append(",\n").append(uri.apply(segment.key())).append('\n');
            }
            first &= file.isEmpty();
        }
        return playlist.append("#EXT-X-ENDLIST\n").toString();
    }
}
