package dev.liveplane.media.server.hls;

import dev.liveplane.media.protocol.hls.MasterPlaylist;
import dev.liveplane.media.protocol.hls.MediaPlaylist;
import dev.liveplane.media.protocol.hls.MediaSegment;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the segments a segmenter finishes into the sliding window players read: the media and master playlists and
 * the fetchable segments.
 *
 * <p>{@link #publish}, {@link #end} and {@link #release} belong to the stream's event loop. The readers may be called
 * from any thread: they read an immutable snapshot the loop publishes through a volatile field, and share segments by
 * reference count.
 */
final class HlsWindow {

    private final String streamName;
    private final String publishId;
    private final HlsSettings settings;
    /** Published segments, oldest first: the playlist window and the ones retained beyond it. */
    private final ArrayDeque<HlsSegment> published = new ArrayDeque<>();
    private long windowStart;
    private long discontinuitySequence;
    private long longestSegmentMs;
    private boolean ended;

    private volatile Snapshot snapshot = Snapshot.EMPTY;

    HlsWindow(String streamName, String publishId, HlsSettings settings) {
        this.streamName = streamName;
        this.publishId = publishId;
        this.settings = settings;
    }

    /**
     * A segment's URI relative to the playlist: {@code {stream}/seg-{publish}-{sequence}.ts}, never a stream's name.
     * Sequences restart at 0 with every publish; the publish id keeps a republished stream's URIs apart from the
     * earlier publish's, which a CDN may still cache under their URIs.
     */
    String segmentName(long sequence) {
        return streamName + "/seg-" + publishId + "-" + sequence + ".ts";
    }

    /** Adds a finished segment, sliding the window; the window owns the segment's data from here. */
    void publish(HlsSegment segment) {
        published.addLast(segment);
        longestSegmentMs = Math.max(longestSegmentMs, segment.durationMs());
        long newWindowStart = Math.max(0, segment.sequence() + 1 - settings.windowSize());
        for (HlsSegment s : published) {
            if (s.sequence() >= windowStart && s.sequence() < newWindowStart && s.discontinuity()) {
                discontinuitySequence++; // RFC 8216 6.2.2: count discontinuities that leave the playlist
            }
        }
        windowStart = newWindowStart;
        List<HlsSegment> expired = new ArrayList<>();
        while (published.size() > settings.windowSize() + settings.retainedBeyondWindow()) {
            expired.add(published.removeFirst());
        }
        publishSnapshot();
        for (HlsSegment s : expired) {
            s.data().release(); // after the new snapshot is visible, so only racing readers can still see it
        }
    }

    /** Marks the playlist ended: it gets EXT-X-ENDLIST. */
    void end() {
        ended = true;
        publishSnapshot();
    }

    /** Frees every segment; the window serves nothing afterwards. */
    void release() {
        snapshot = Snapshot.EMPTY;
        for (HlsSegment segment : published) {
            segment.data().release();
        }
        published.clear();
    }

    boolean hasPlaylist() {
        return snapshot.playlist() != null;
    }

    Optional<String> playlist(String querySuffix) {
        MediaPlaylist playlist = snapshot.playlist();
        return playlist == null ? Optional.empty() : Optional.of(playlist.render(querySuffix));
    }

    Optional<String> masterPlaylist(String mediaPlaylistUri) {
        Snapshot current = snapshot;
        if (current.playlist() == null) {
            return Optional.empty();
        }
        long peak = 0;
        for (HlsSegment segment : current.segments()) {
            try {
                peak = Math.max(peak, segment.data().readableBytes() * 8_000L / Math.max(1, segment.durationMs()));
            } catch (IllegalReferenceCountException e) {
                // released by the loop after this thread read the snapshot; its size no longer matters
            }
        }
        return Optional.of(new MasterPlaylist(mediaPlaylistUri, Math.max(peak, 1)).render());
    }

    Optional<ByteBuf> segment(String publish, long sequence) {
        HlsSegment segment = publishId.equals(publish) ? snapshot.find(sequence) : null;
        if (segment == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(segment.data().retainedDuplicate());
        } catch (IllegalReferenceCountException e) {
            // The loop released it after this thread read the snapshot: the same as having slid out of the window.
            return Optional.empty();
        }
    }

    private void publishSnapshot() {
        if (published.isEmpty()) {
            snapshot = Snapshot.EMPTY;
            return;
        }
        List<HlsSegment> all = List.copyOf(published);
        List<MediaSegment> window = new ArrayList<>(settings.windowSize());
        for (HlsSegment s : all) {
            if (s.sequence() >= windowStart) {
                window.add(new MediaSegment(segmentName(s.sequence()), s.durationMs(), s.discontinuity()));
            }
        }
        // Never lowered, so the target duration stays constant unless a longer GOP forces it up (RFC 8216 6.2.1).
        int targetDuration = MediaPlaylist.targetDurationFor(Math.max(settings.targetDurationMs(), longestSegmentMs));
        snapshot = new Snapshot(new MediaPlaylist(targetDuration, windowStart, discontinuitySequence, window, ended),
                all);
    }

    /** What readers on other threads see: the rendered-ready playlist and every fetchable segment, oldest first. */
    private record Snapshot(MediaPlaylist playlist, List<HlsSegment> segments) {
        static final Snapshot EMPTY = new Snapshot(null, List.of());

        HlsSegment find(long sequence) {
            if (segments.isEmpty()) {
                return null;
            }
            long index = sequence - segments.get(0).sequence();
            return index < 0 || index >= segments.size() ? null : segments.get((int) index);
        }
    }
}
