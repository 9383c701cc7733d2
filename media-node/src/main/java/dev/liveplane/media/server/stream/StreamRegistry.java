package dev.liveplane.media.server.stream;

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
    private final ConcurrentMap<StreamKey, HlsSegmenter> ended = new ConcurrentHashMap<>();
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

    /**
     * Makes {@code publisher} the publisher of {@code key}, evicting a stale predecessor.
     *
     * @throws StreamBusyException when another publisher of the stream is alive
     */
    public LiveStream publish(StreamKey key, EventLoop eventLoop, Publisher publisher) throws StreamBusyException {
        long now = System.nanoTime();
        LiveStream[] evicted = new LiveStream[1];
        LiveStream stream = live.compute(key, (k, existing) -> {
            if (existing != null && !existing.isStale(now)) {
                return existing;
            }
            evicted[0] = existing;
            return new LiveStream(key, eventLoop, publisher, settings,
                    new HlsSegmenter(key.stream(), hlsSettings, ByteBufAllocator.DEFAULT), metrics, this, events);
        });
        if (stream.publisher() != publisher) {
            throw new StreamBusyException(key);
        }
        metrics.streams().set(live.size());
        if (evicted[0] != null) {
            evicted[0].evict("replaced", "stale publisher replaced by a new session");
            evicted[0].end();
        }
        stream.announceWithin(ANNOUNCE_WITHIN);
        HlsSegmenter previous = ended.remove(key);
        if (previous != null) {
            previous.release();
        }
        return stream;
    }

    public HlsSettings hlsSettings() {
        return hlsSettings;
    }

    public Optional<LiveStream> find(StreamKey key) {
        return Optional.ofNullable(live.get(key));
    }

    /** The HLS segmenter of a live stream, or of one that ended moments ago. */
    public Optional<HlsSegmenter> hls(StreamKey key) {
        LiveStream stream = live.get(key);
        return stream != null ? Optional.of(stream.hls()) : Optional.ofNullable(ended.get(key));
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
        ended.values().forEach(HlsSegmenter::release);
        ended.clear();
    }

    /** Called by the stream itself, on its loop, once it has ended. */
    void remove(LiveStream stream) {
        live.remove(stream.key(), stream);
        metrics.streams().set(live.size());
        HlsSegmenter hls = stream.hls();
        HlsSegmenter previous = ended.put(stream.key(), hls);
        if (previous != null && previous != hls) {
            previous.release();
        }
        // Scheduled on the stream's loop, which outlives the stream (it belongs to the node's worker group).
        stream.eventLoop().schedule(() -> {
            if (ended.remove(stream.key(), hls)) {
                hls.release();
            }
        }, endedHlsRetention.toMillis(), TimeUnit.MILLISECONDS);
    }
}
