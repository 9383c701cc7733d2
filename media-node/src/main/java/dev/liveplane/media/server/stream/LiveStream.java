package dev.liveplane.media.server.stream;

import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSegmenter;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * One stream being published: takes the publisher's frames, keeps what a late joiner needs (metadata, sequence
 * headers, the current GOP) and fans frames out to viewers and the HLS segmenter.
 *
 * <p>All state is owned by the publisher connection's event loop; viewers attach and detach through tasks on it.
 */
public final class LiveStream {

    private final StreamKey key;
    private final EventLoop eventLoop;
    private final Publisher publisher;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final StreamRegistry registry;
    private final GopCache gopCache;
    private final HlsSegmenter hls;
    /** Viewers grouped by the event loop their connection lives on; touched on the stream's loop only. */
    private final Map<EventLoop, ViewerGroup> groups = new HashMap<>();
    private ViewerGroup[] groupArray = new ViewerGroup[0];
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
        for (ViewerGroup group : groupArray) {
            for (Viewer viewer : group.members()) {
                viewer.offer(frame);
            }
            group.schedule();
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
            viewer.attach(this, tracks());
            if (ended) {
                viewer.endOfStream();
                viewer.channel().eventLoop().execute(viewer::drain);
                return;
            }
            for (MediaFrame frame : new MediaFrame[] {metadata, videoHeader, audioHeader}) {
                if (frame != null) {
                    viewer.offer(frame);
                }
            }
            for (MediaFrame frame : gopCache.frames()) {
                viewer.offer(frame);
            }
            ViewerGroup group = groups.get(viewer.channel().eventLoop());
            if (group == null) {
                group = new ViewerGroup(viewer.channel().eventLoop(), metrics);
                groups.put(viewer.channel().eventLoop(), group);
                groupArray = groups.values().toArray(new ViewerGroup[0]);
            }
            group.add(viewer);
            group.schedule();
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
        EventLoop viewerLoop = viewer.channel().eventLoop();
        ViewerGroup group = groups.get(viewerLoop);
        if (group != null && group.remove(viewer)) {
            metrics.viewers().decrementAndGet();
            if (group.isEmpty()) {
                groups.remove(viewerLoop);
                groupArray = groups.values().toArray(new ViewerGroup[0]);
            }
        }
        viewerLoop.execute(viewer::releaseQueued);
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
        for (ViewerGroup group : groupArray) {
            for (Viewer viewer : group.members()) {
                viewer.endOfStream();
            }
            metrics.viewers().addAndGet(-group.members().length);
            group.schedule();
        }
        groups.clear();
        groupArray = new ViewerGroup[0];
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
