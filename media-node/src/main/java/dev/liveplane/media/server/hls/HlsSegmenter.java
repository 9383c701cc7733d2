package dev.liveplane.media.server.hls;

import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns one live stream's frames into the {@link HlsWindow} players read: a {@link TsSegmenter} cuts the segments,
 * the window lists them.
 *
 * <p>{@link #onFrame}, {@link #end} and {@link #release} belong to the stream's event loop. {@link #playlist} and
 * {@link #segment} may be called from any thread (see {@link HlsWindow}). Viewers share finished segments by
 * reference count.
 */
public final class HlsSegmenter {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HlsWindow window;
    private final TsSegmenter segments;
    private boolean ended;
    private boolean released;

    /** @param publishId names this publish in the segment URIs (16 lower-case hex digits, {@link #newPublishId}) */
    public HlsSegmenter(String streamName, String publishId, HlsSettings settings, ByteBufAllocator alloc) {
        this.window = new HlsWindow(streamName, publishId, settings);
        this.segments = new TsSegmenter(streamName, settings, alloc, window::publish);
    }

    /**
     * A random publish id: 64 bits, so no two publishes (on any node) share segment URIs and nobody guesses the URIs of
     * a publish whose playlist they were not given.
     */
    public static String newPublishId() {
        return HexFormat.of().toHexDigits(RANDOM.nextLong());
    }

    /**
     * A segment's URI relative to the playlist: {@code {stream}/seg-{publish}-{sequence}.ts}, never a stream's name
     * (cam-1).
     */
    public String segmentName(long sequence) {
        return window.segmentName(sequence);
    }

    /** Adds a frame (see {@link TsSegmenter#onFrame}). */
    public void onFrame(MediaFrame frame) {
        if (!released && !ended) {
            segments.onFrame(frame);
        }
    }

    /** Ends the stream: the segment being built is published and the playlist gets EXT-X-ENDLIST. */
    public void end() {
        if (released || ended) {
            return;
        }
        segments.end();
        ended = true;
        window.end();
    }

    /** Whether a segment is published, so {@link #playlist} and {@link #masterPlaylist} answer; any thread. */
    public boolean hasPlaylist() {
        return window.hasPlaylist();
    }

    /**
     * The media playlist, or empty while no segment is published (the caller answers 404).
     *
     * @param querySuffix appended to every segment URI, e.g. {@code "?token=abc"}; empty for none
     */
    public Optional<String> playlist(String querySuffix) {
        return window.playlist(querySuffix);
    }

    /**
     * A master playlist with one variant, the media playlist at {@code mediaPlaylistUri}, or empty while no segment is
     * published. Its BANDWIDTH is the peak bit rate of the segments published so far (RFC 8216 4.3.4.2).
     */
    public Optional<String> masterPlaylist(String mediaPlaylistUri) {
        return window.masterPlaylist(mediaPlaylistUri);
    }

    /**
     * A segment of this publish listed in the playlist or retained just beyond it.
     *
     * @return a retained duplicate the caller writes and releases; empty if the segment is unknown (another publish's)
     *         or already gone
     */
    public Optional<ByteBuf> segment(String publish, long sequence) {
        return window.segment(publish, sequence);
    }

    /** Frees every buffer; the segmenter serves nothing afterwards. Call on the stream's event loop. */
    public void release() {
        if (released) {
            return;
        }
        released = true;
        segments.release();
        window.release();
    }
}
