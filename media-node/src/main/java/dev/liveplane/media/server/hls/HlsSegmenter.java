package dev.liveplane.media.server.hls;

import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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

    private final HlsWindow window;
    private final TsSegmenter segments;
    private boolean ended;
    private boolean released;

    public HlsSegmenter(String streamName, HlsSettings settings, ByteBufAllocator alloc) {
        this.window = new HlsWindow(streamName, settings);
        this.segments = new TsSegmenter(streamName, settings, alloc, window::publish);
    }

    /** A segment's URI relative to the playlist: {@code {stream}/seg-{sequence}.ts}, never a stream's name (cam-1). */
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
     * A segment listed in the playlist or retained just beyond it.
     *
     * @return a retained duplicate the caller writes and releases; empty if the segment is unknown or already gone
     */
    public Optional<ByteBuf> segment(long sequence) {
        return window.segment(sequence);
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
