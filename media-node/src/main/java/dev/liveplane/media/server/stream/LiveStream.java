package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream being published: takes the publisher's frames, keeps what a late joiner needs (metadata, sequence
 * headers, the current GOP) and fans frames out to viewers (the fast path) and to its {@link StreamSink}s (HLS, ...).
 *
 * <p>All state is owned by the publisher connection's event loop; viewers attach and detach through tasks on it.
 */
public final class LiveStream {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);

    private final StreamKey key;
    private final DomainOwner owner;
    private final String streamKeyId;
    private final EventLoop eventLoop;
    private final Publisher publisher;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final StreamRegistry registry;
    private final GopCache gopCache;
    private final List<StreamSink.Factory> sinkFactories;
    private SinkFanout sinks = SinkFanout.NONE;
    /**
     * Viewers grouped by the event loop their connection lives on, relay pulls apart from players (they are never
     * held for a merge window: an edge's players would get the window twice); touched on the stream's loop only.
     */
    private final Map<GroupKey, ViewerGroup> groups = new HashMap<>();
    private ViewerGroup[] groupArray = new ViewerGroup[0];
    /** Metadata and sequence headers, each retained by the stream. */
    private CodecConfig config = new CodecConfig(null, null, null);
    private TrackInfo declaredTracks;
    private boolean ended;
    private volatile long lastMediaNanos = System.nanoTime();
    private final StreamEventListener events;
    private final TrackProbe probe = new TrackProbe();
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private boolean announced;
    /** Written on the stream's loop only; read by the heartbeat. */
    private volatile long ingestBytes;
    private volatile int viewerCount;
    /** Why the publisher was cut, set before it is evicted; null when it simply left. */
    private volatile String endReason;
    /** When an HLS playlist or segment of this stream was last asked for, valid once {@link #hlsAskedFor}. */
    private volatile long lastHlsRequestNanos;
    private volatile boolean hlsAskedFor;

    LiveStream(StreamKey key, DomainOwner owner, String streamKeyId, EventLoop eventLoop, Publisher publisher,
            StreamSettings settings, List<StreamSink.Factory> sinkFactories, NodeMetrics metrics,
            StreamRegistry registry, StreamEventListener events) {
        this.key = key;
        this.owner = owner;
        this.streamKeyId = streamKeyId;
        this.eventLoop = eventLoop;
        this.publisher = publisher;
        this.settings = settings;
        this.sinkFactories = sinkFactories;
        this.metrics = metrics;
        this.registry = registry;
        this.gopCache = new GopCache(settings.gopCacheMaxBytes());
        this.events = events;
    }

    public StreamKey key() {
        return key;
    }

    /** The registration of the push domain the stream was published under. */
    public DomainOwner owner() {
        return owner;
    }

    /** The persistent stream key the publisher came in with, or null (a signed URL, a relay, no check). */
    public String streamKeyId() {
        return streamKeyId;
    }

    EventLoop eventLoop() {
        return eventLoop;
    }

    Publisher publisher() {
        return publisher;
    }

    /** Bytes of media the publisher has sent so far; any thread. */
    public long ingestBytes() {
        return ingestBytes;
    }

    /** Whether the stream is fed by a relay from the node it is published on rather than by a publisher here. */
    public boolean relayed() {
        return publisher.relayed();
    }

    /**
     * Notes an HLS playlist or segment request for this stream: HLS players hold no connection open, so this is how
     * a relay sees them. Any thread.
     */
    public void hlsRequested() {
        lastHlsRequestNanos = System.nanoTime();
        hlsAskedFor = true; // after the time, so a reader that sees the flag sees the time
    }

    /** {@link System#nanoTime()} of the last HLS request, empty when there was none; any thread. */
    public OptionalLong lastHlsRequestNanos() {
        return hlsAskedFor ? OptionalLong.of(lastHlsRequestNanos) : OptionalLong.empty();
    }

    /** RTMP and HTTP-FLV viewers attached now, not counting relays to other nodes; any thread. */
    public int viewerCount() {
        return viewerCount;
    }

    /**
     * Cuts the publisher off; the stream then ends with {@code reason} (a short word for the unpublish event) and
     * the log gets {@code detail}. Any thread.
     */
    public void evict(String reason, String detail) {
        endReason = reason;
        publisher.evict(detail);
    }

    /**
     * Disconnects every viewer for which {@code refusal} (given the domain the viewer played through) names a reason,
     * logging one line per viewer. Any thread; {@code refusal} runs on the stream's loop.
     */
    public void disconnectViewers(Function<String, String> refusal) {
        eventLoop.execute(() -> {
            for (ViewerGroup group : groupArray) {
                for (Viewer viewer : group.members()) {
                    String reason = viewer.domain() == null ? null : refusal.apply(viewer.domain());
                    if (reason != null) {
                        log.info("event=viewer_cut stream={} domain={} conn={} reason=\"{}\"", key, viewer.domain(),
                                viewer.channel().id().asShortText(), reason);
                        viewer.channel().close();
                    }
                }
            }
        });
    }

    /**
     * Opens the stream's sinks; {@code reconnect} when it took over from a silent session of the same stream.
     * Publisher loop, before the first frame.
     */
    void openSinks(boolean reconnect) {
        sinks = SinkFanout.open(sinkFactories, new StreamInfo(key, owner, startedAt, publisher.relayed(), reconnect,
                eventLoop));
    }

    /** Announces the stream once its tracks are known, and at the latest after {@code maxWait}. Publisher loop. */
    void announceWithin(Duration maxWait) {
        eventLoop.schedule(this::announce, maxWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void announce() {
        if (announced) {
            return;
        }
        announced = true;
        if (publisher.relayed()) {
            return; // published on its origin node, which reports it; the control plane must keep pointing there
        }
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        int kbps = seconds >= 1 ? (int) Math.round(ingestBytes * 8 / 1000.0 / seconds) : probe.declaredKbps();
        PublishedStream published = new PublishedStream(key, startedAt, publisher.clientAddress(), probe.video(),
                probe.audio(), kbps, owner);
        try {
            events.published(published);
        } catch (RuntimeException e) {
            log.warn("event=stream_listener_failed stream={} error=\"{}\"", key, e.toString());
        }
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
        ingestBytes += frame.payload().readableBytes();
        if (!announced) {
            probe.onFrame(frame);
            if (probe.complete(declaredTracks)) {
                announce();
            }
        }
        if (frame.sequenceHeader()) {
            config = frame.kind() == MediaFrame.Kind.VIDEO
                    ? new CodecConfig(config.metadata(), replace(config.video(), frame), config.audio())
                    : new CodecConfig(config.metadata(), config.video(), replace(config.audio(), frame));
            sinks.codecConfig(config);
        } else if (frame.kind() == MediaFrame.Kind.METADATA) {
            sinks.codecConfig(config);
        } else {
            gopCache.add(frame);
            sinks.frame(frame);
        }
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
        onMetadata(frame, tracks, Map.of());
    }

    /**
     * Replaces the stream's metadata; {@code tracks} is what it declares and {@code properties} the onMetaData object
     * (width, framerate, videodatarate, ...) for the publish event. Publisher loop only.
     */
    public void onMetadata(MediaFrame frame, TrackInfo tracks, Map<?, ?> properties) {
        declaredTracks = tracks;
        if (!announced) {
            probe.onMetadata(new HashMap<>(properties));
        }
        if (!ended) {
            config = new CodecConfig(replace(config.metadata(), frame), config.video(), config.audio());
        }
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
            for (MediaFrame frame : config.frames()) {
                viewer.offer(frame);
            }
            for (MediaFrame frame : gopCache.frames()) {
                viewer.offer(frame);
            }
            GroupKey key = GroupKey.of(viewer);
            ViewerGroup group = groups.get(key);
            if (group == null) {
                group = new ViewerGroup(key.loop(), metrics,
                        key.relays() ? Duration.ZERO : settings.writeMergeWindow());
                groups.put(key, group);
                groupArray = groups.values().toArray(new ViewerGroup[0]);
            }
            group.add(viewer);
            // The start burst goes out now, whatever the group's merge window: first media must not wait.
            viewer.channel().eventLoop().execute(viewer::drain);
            if (!viewer.relay()) {
                metrics.viewers().incrementAndGet();
                viewerCount++;
            }
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
        GroupKey key = GroupKey.of(viewer);
        ViewerGroup group = groups.get(key);
        if (group != null && group.remove(viewer)) {
            if (!viewer.relay()) {
                metrics.viewers().decrementAndGet();
                viewerCount--;
            }
            if (group.isEmpty()) {
                groups.remove(key);
                groupArray = groups.values().toArray(new ViewerGroup[0]);
            }
        }
        viewerLoop.execute(viewer::releaseQueued);
    }

    private TrackInfo tracks() {
        boolean audio = config.audio() != null;
        boolean video = config.video() != null;
        if (declaredTracks != null) {
            audio |= declaredTracks.hasAudio();
            video |= declaredTracks.hasVideo();
        }
        // Nothing known yet: announce both so a player does not ignore the track that arrives first.
        return audio || video ? new TrackInfo(audio, video) : new TrackInfo(true, true);
    }

    /**
     * The publisher left: viewers get end of stream, sinks hear it (HLS writes its end list), caches are freed. Any
     * thread.
     */
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
        announce();
        String reason = endReason == null ? "ended" : endReason;
        if (!publisher.relayed()) {
            try {
                events.unpublished(key, owner, reason);
            } catch (RuntimeException e) {
                log.warn("event=stream_listener_failed stream={} error=\"{}\"", key, e.toString());
            }
        }
        sinks.ended(reason);
        for (ViewerGroup group : groupArray) {
            for (Viewer viewer : group.members()) {
                viewer.endOfStream();
                if (!viewer.relay()) {
                    metrics.viewers().decrementAndGet();
                }
            }
            group.schedule();
        }
        groups.clear();
        groupArray = new ViewerGroup[0];
        viewerCount = 0;
        gopCache.clear();
        config.release();
        config = new CodecConfig(null, null, null);
    }

    /**
     * Frees what a stream that never heard its end still holds (a relay whose reconnect the shutdown cancelled): the
     * GOP cache, the codec configuration and its viewers' queues. Only once every event loop has terminated.
     */
    void releaseAfterShutdown() {
        for (ViewerGroup group : groupArray) {
            for (Viewer viewer : group.members()) {
                viewer.releaseQueued();
            }
        }
        gopCache.clear();
        config.release();
        config = new CodecConfig(null, null, null);
    }

    private record GroupKey(EventLoop loop, boolean relays) {

        static GroupKey of(Viewer viewer) {
            return new GroupKey(viewer.channel().eventLoop(), viewer.relay());
        }
    }
}
