package dev.liveplane.media.server.stream;

import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSegmenter;
import io.netty.channel.EventLoop;
import java.util.Arrays;

/**
 * One stream being published: takes the publisher's frames, keeps what a late joiner needs (metadata, sequence
 * headers, the current GOP) and fans frames out to viewers and the HLS segmenter.
 *
 * <p>All state is owned by the publisher connection's event loop; viewers attach and detach through tasks on it.
 */
public final class LiveStream {

    private static final Viewer[] NO_VIEWERS = new Viewer[0];

    private final StreamKey key;
    private final EventLoop eventLoop;
    private final Publisher publisher;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final StreamRegistry registry;
    private final GopCache gopCache;
    private final HlsSegmenter hls;
    private Viewer[] viewers = NO_VIEWERS;
    private MediaFrame metadata;
    private MediaFrame videoHeader;
    private MediaFrame audioHeader;
    private TrackInfo declaredTracks;
    private boolean ended;
    private volatile long lastMediaNanos = System.nanoTime();

    LiveStream(StreamKey key, EventLoop eventLoop, Publisher publisher, StreamSettings settings,
            HlsSegmenter hls, NodeMetrics metrics, StreamRegistry registry) {
        this.key = key;
        this.eventLoop = eventLoop;
        this.publisher = publisher;
        this.settings = settings;
        this.hls = hls;
        this.metrics = metrics;
        this.registry = registry;
        this.gopCache = new GopCache(settings.gopCacheMaxBytes());
    }

    public StreamKey key() {
        return key;
    }

    public HlsSegmenter hls() {
        return hls;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    Publisher publisher() {
        return publisher;
    }

    /** True when the publisher has sent nothing for longer than the settings allow; any thread. */
    boolean isStale(long nowNanos) {
        return nowNanos - lastMediaNanos > settings.publisherStaleAfter().toNanos();
    }

    /**
     * Takes one frame from the publisher (ownership passes to the stream) and fans it out. Publisher loop only.
     */
    public void onFrame(MediaFrame frame) {
        if (ended) {
            frame.release();
            return;
        }
        lastMediaNanos = frame.receivedNanos();
        if (frame.sequenceHeader()) {
            if (frame.kind() == MediaFrame.Kind.VIDEO) {
                videoHeader = replace(videoHeader, frame);
            } else {
                audioHeader = replace(audioHeader, frame);
            }
        } else if (frame.kind() != MediaFrame.Kind.METADATA) {
            gopCache.add(frame);
        }
        hls.onFrame(frame);
        for (Viewer viewer : viewers) {
            viewer.offer(frame);
        }
        frame.release();
    }

    /** Replaces the stream's metadata; {@code tracks} is what it declares. Publisher loop only. */
    public void onMetadata(MediaFrame frame, TrackInfo tracks) {
        declaredTracks = tracks;
        metadata = replace(metadata, frame);
        onFrame(frame);
    }

    private static MediaFrame replace(MediaFrame old, MediaFrame frame) {
        if (old != null) {
            old.release();
        }
        return frame.retain();
    }

    /** Attaches a viewer; it first gets metadata, sequence headers and the cached GOP. Any thread. */
    public void addViewer(Viewer viewer) {
        eventLoop.execute(() -> {
            if (ended) {
                viewer.attach(this, tracks());
                viewer.endOfStream();
                return;
            }
            viewer.attach(this, tracks());
            for (MediaFrame frame : new MediaFrame[] {metadata, videoHeader, audioHeader}) {
                if (frame != null) {
                    viewer.offer(frame);
                }
            }
            for (MediaFrame frame : gopCache.frames()) {
                viewer.offer(frame);
            }
            viewers = Arrays.copyOf(viewers, viewers.length + 1);
            viewers[viewers.length - 1] = viewer;
            metrics.viewers().incrementAndGet();
        });
    }

    /** Detaches a viewer; its queue is then freed on its own loop. Any thread. */
    void removeViewer(Viewer viewer) {
        if (eventLoop.inEventLoop()) {
            detach(viewer);
        } else {
            eventLoop.execute(() -> detach(viewer));
        }
    }

    private void detach(Viewer viewer) {
        int index = Arrays.asList(viewers).indexOf(viewer);
        if (index >= 0) {
            Viewer[] remaining = new Viewer[viewers.length - 1];
            System.arraycopy(viewers, 0, remaining, 0, index);
            System.arraycopy(viewers, index + 1, remaining, index, viewers.length - index - 1);
            viewers = remaining;
            metrics.viewers().decrementAndGet();
        }
        viewer.channel().eventLoop().execute(viewer::releaseQueued);
    }

    private TrackInfo tracks() {
        boolean audio = audioHeader != null;
        boolean video = videoHeader != null;
        if (declaredTracks != null) {
            audio |= declaredTracks.hasAudio();
            video |= declaredTracks.hasVideo();
        }
        // Nothing known yet: announce both so a player does not ignore the track that arrives first.
        return audio || video ? new TrackInfo(audio, video) : new TrackInfo(true, true);
    }

    /** The publisher left: viewers get end of stream, HLS gets its end list, caches are freed. Any thread. */
    public void end() {
        if (!eventLoop.inEventLoop()) {
            eventLoop.execute(this::end);
            return;
        }
        if (ended) {
            return;
        }
        ended = true;
        registry.remove(this);
        for (Viewer viewer : viewers) {
            viewer.endOfStream();
        }
        metrics.viewers().addAndGet(-viewers.length);
        viewers = NO_VIEWERS;
        hls.end();
        gopCache.clear();
        for (MediaFrame frame : new MediaFrame[] {metadata, videoHeader, audioHeader}) {
            if (frame != null) {
                frame.release();
            }
        }
        metadata = videoHeader = audioHeader = null;
    }
}
