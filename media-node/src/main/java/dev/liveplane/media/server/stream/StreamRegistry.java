package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSegmenter;
import dev.liveplane.media.server.hls.HlsSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The node's live streams by key. A stream has at most one publisher; a stale one (silent past the configured limit)
 * gives way to a newcomer so a reconnecting encoder is back on air at once.
 *
 * <p>An ended stream's HLS playlist (with its end list) stays readable for a while so HLS players see the end
 * instead of a 404.
 */
public final class StreamRegistry {

    /** A publish event waits for the tracks this long at most (an encoder that never sends a sequence header). */
    private static final Duration ANNOUNCE_WITHIN = Duration.ofSeconds(2);

    private final ConcurrentMap<StreamKey, LiveStream> live = new ConcurrentHashMap<>();
    private final ConcurrentMap<StreamKey, Ended> ended = new ConcurrentHashMap<>();
    private final StreamSettings settings;
    private final HlsSettings hlsSettings;
    private final NodeMetrics metrics;
    private final Duration endedHlsRetention;
    private final StreamEventListener events;

    public StreamRegistry(StreamSettings settings, HlsSettings hlsSettings, NodeMetrics metrics,
            Duration endedHlsRetention) {
        this(settings, hlsSettings, metrics, endedHlsRetention, StreamEventListener.NONE);
    }

    public StreamRegistry(StreamSettings settings, HlsSettings hlsSettings, NodeMetrics metrics,
            Duration endedHlsRetention, StreamEventListener events) {
        this.events = events;
        this.settings = settings;
        this.hlsSettings = hlsSettings;
        this.metrics = metrics;
        this.endedHlsRetention = endedHlsRetention;
    }

    /** An ended stream's HLS segments and the registration of the push domain they were published under. */
    private record Ended(HlsSegmenter hls, DomainOwner owner) {
    }

    /** As {@link #publish(StreamKey, DomainOwner, EventLoop, Publisher)} for a domain without id or tenant. */
    public LiveStream publish(StreamKey key, EventLoop eventLoop, Publisher publisher) throws StreamBusyException {
        return publish(key, DomainOwner.NONE, eventLoop, publisher);
    }

    /** Makes {@code publisher} the publisher of the stream {@code publish} allowed, under its registration. */
    public LiveStream publish(AuthDecision publish, EventLoop eventLoop, Publisher publisher)
            throws StreamBusyException {
        return publish(publish.stream(), publish.owner(), eventLoop, publisher);
    }

    /**
     * Makes {@code publisher} the publisher of {@code key} under {@code owner}, evicting a stale predecessor, or one
     * published under another registration of the push domain (the request was authorized under the new one, so
     * the old one is gone even if the snapshot that says so is still being enforced).
     *
     * @throws StreamBusyException when another publisher of the stream is alive
     */
    public LiveStream publish(StreamKey key, DomainOwner owner, EventLoop eventLoop, Publisher publisher)
            throws StreamBusyException {
        long now = System.nanoTime();
        LiveStream[] evicted = new LiveStream[1];
        LiveStream stream = live.compute(key, (k, existing) -> {
            if (existing != null && !existing.isStale(now) && existing.owner().sameAs(owner)) {
                return existing;
            }
            evicted[0] = existing;
            return new LiveStream(key, owner, eventLoop, publisher, settings,
                    new HlsSegmenter(key.stream(), hlsSettings, ByteBufAllocator.DEFAULT), metrics, this, events);
        });
        if (stream.publisher() != publisher) {
            throw new StreamBusyException(key);
        }
        metrics.streams().set(live.size());
        if (evicted[0] != null) {
            boolean stale = evicted[0].owner().sameAs(owner);
            evicted[0].evict(stale ? "replaced" : "domain_removed", stale ? "stale publisher replaced by a new session"
                    : "published under " + evicted[0].owner() + ", the domain is now " + owner);
            evicted[0].end();
        }
        stream.announceWithin(ANNOUNCE_WITHIN);
        Ended previous = ended.remove(key);
        if (previous != null) {
            previous.hls().release();
        }
        return stream;
    }

    public HlsSettings hlsSettings() {
        return hlsSettings;
    }

    /** The stream live under {@code key}, whoever published it: for the node's own bookkeeping, never for a play. */
    public Optional<LiveStream> find(StreamKey key) {
        return Optional.ofNullable(live.get(key));
    }

    /** The stream live under {@code key} if it was published under {@code owner}: what a play may reach. */
    public Optional<LiveStream> find(StreamKey key, DomainOwner owner) {
        return find(key).filter(stream -> stream.owner().sameAs(owner));
    }

    /** The HLS segmenter of a stream live, or ended moments ago, under {@code key} and {@code owner}. */
    public Optional<HlsSegmenter> hls(StreamKey key, DomainOwner owner) {
        LiveStream stream = live.get(key);
        if (stream != null) {
            return stream.owner().sameAs(owner) ? Optional.of(stream.hls()) : Optional.empty();
        }
        return Optional.ofNullable(ended.get(key)).filter(e -> e.owner().sameAs(owner)).map(Ended::hls);
    }

    /** The streams live now, a copy; any thread. */
    public List<LiveStream> streams() {
        return List.copyOf(live.values());
    }

    public int size() {
        return live.size();
    }

    /**
     * Frees the HLS segments still kept for streams that ended: their scheduled release dies with the event loops.
     * Call once the node's event loops have terminated.
     */
    public void releaseEndedHls() {
        ended.values().forEach(e -> e.hls().release());
        ended.clear();
    }

    /** Called by the stream itself, on its loop, once it has ended. */
    void remove(LiveStream stream) {
        live.remove(stream.key(), stream);
        metrics.streams().set(live.size());
        HlsSegmenter hls = stream.hls();
        Ended kept = new Ended(hls, stream.owner());
        Ended previous = ended.put(stream.key(), kept);
        if (previous != null && previous.hls() != hls) {
            previous.hls().release();
        }
        // Scheduled on the stream's loop, which outlives the stream (it belongs to the node's worker group).
        stream.eventLoop().schedule(() -> {
            if (ended.remove(stream.key(), kept)) {
                hls.release();
            }
        }, endedHlsRetention.toMillis(), TimeUnit.MILLISECONDS);
    }
}
