package dev.liveplane.media.server.http;

import dev.liveplane.media.server.stream.StreamAddressException;
import dev.liveplane.media.server.stream.StreamNames;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a request path into what a player asked for: {@code /{app}/{stream}.flv} (HTTP-FLV),
 * {@code /{app}/{stream}.m3u8} (HLS playlist) or {@code /{app}/{stream}/seg-{publish}-{sequence}.ts} (an HLS
 * segment, the URI {@code HlsSegmenter.segmentName} lists relative to the playlist). Names never hold '/', so the
 * number of path segments tells the kinds apart and no stream name (not {@code cam-1}, not {@code x.ts}, not
 * {@code a.flv}) reads as another stream's segment; the extension is what follows the last dot of the last segment.
 *
 * @param publish  the publish id the segment was cut in (16 lower-case hex digits); null for the other kinds
 * @param sequence the segment's media sequence number; -1 for the other kinds
 */
public record HttpMediaRoute(Kind kind, String app, String stream, String publish, long sequence) {

    /** What a route serves. */
    public enum Kind { FLV, PLAYLIST, SEGMENT }

    private static final Pattern STREAM_FILE = Pattern.compile("^/([^/]+)/([^/]+)\\.(flv|m3u8)$");
    private static final Pattern SEGMENT =
            Pattern.compile("^/([^/]+)/([^/]+)/seg-([0-9a-f]{16})-(0|[1-9][0-9]{0,17})\\.ts$");

    /**
     * The route of {@code path} (the request target without its query), empty when no route has that shape (404).
     *
     * @throws StreamAddressException when the shape matches but a name is not one the API allows (400)
     */
    public static Optional<HttpMediaRoute> parse(String path) {
        Matcher file = STREAM_FILE.matcher(path);
        if (file.matches()) {
            Kind kind = file.group(3).equals("flv") ? Kind.FLV : Kind.PLAYLIST;
            return Optional.of(new HttpMediaRoute(kind, StreamNames.app(file.group(1)),
                    StreamNames.stream(file.group(2)), null, -1));
        }
        Matcher segment = SEGMENT.matcher(path);
        if (segment.matches()) {
            return Optional.of(new HttpMediaRoute(Kind.SEGMENT, StreamNames.app(segment.group(1)),
                    StreamNames.stream(segment.group(2)), segment.group(3), Long.parseLong(segment.group(4))));
        }
        return Optional.empty();
    }
}
