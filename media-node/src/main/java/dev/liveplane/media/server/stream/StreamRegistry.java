package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The node's live streams by key. A stream has at most one publisher; a stale one (silent past the configured limit)
 * gives way to a newcomer so a reconnecting encoder is back on air at once. Each stream gets the sinks of the
 * registry's {@link StreamSink.Factory factories}.
 */
public final class StreamRegistry {

    /** A publish event waits for the tracks this long at most (an encoder that never sends a sequence header). */
    private static final Duration ANNOUNCE_WITHIN = Duration.ofSeconds(2);

    private final ConcurrentMap<StreamKey, LiveStream> live = new ConcurrentHashMap<>();
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final List<StreamSink.Factory> sinks;
    private final StreamEventListener events;

    /** A registry whose streams have no sinks and report to no one. */
    public StreamRegistry(StreamSettings settings, NodeMetrics metrics) {
        this(settings, metrics, List.of(), StreamEventListener.NONE);
    }

    /**
     * @param sinks  open each stream's sinks, in this order
     * @param events hears streams start and end
     */
    public StreamRegistry(StreamSettings settings, NodeMetrics metrics, List<StreamSink.Factory> sinks,
            StreamEventListener events) {
        this.events = events;
        this.settings = settings;
        this.metrics = metrics;
        this.sinks = List.copyOf(sinks);
    }

    /** As {@link #publish(StreamKey, DomainOwner, EventLoop, Publisher)} for a domain without id or tenant. */
    public LiveStream publish(StreamKey key, EventLoop eventLoop, Publisher publisher) throws StreamBusyException {
        return publish(key, DomainOwner.NONE, eventLoop, publisher);
    }

    /** Makes {@code publisher} the publisher of the stream {@code publish} allowed, under its registration. */
    public LiveStream publish(AuthDecision publish, EventLoop eventLoop, Publisher publisher)
            throws StreamBusyException {
        return publish(publish.stream(), publish.owner(), publish.streamKeyId(), eventLoop, publisher);
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
        return publish(key, owner, null, eventLoop, publisher);
    }

    /** As above, for a publisher that came in with the stream key {@code streamKeyId} (null: none). */
    private LiveStream publish(StreamKey key, DomainOwner owner, String streamKeyId, EventLoop eventLoop,
            Publisher publisher) throws StreamBusyException {
        long now = System.nanoTime();
        LiveStream[] evicted = new LiveStream[1];
        LiveStream stream = live.compute(key, (k, existing) -> {
            if (existing != null && !existing.isStale(now) && existing.owner().sameAs(owner)) {
                return existing;
            }
            evicted[0] = existing;
            return new LiveStream(key, owner, streamKeyId, eventLoop, publisher, settings, sinks, metrics, this,
                    events);
        });
        if (stream.publisher() != publisher) {
            throw new StreamBusyException(key);
        }
        metrics.streams().set(live.size());
        boolean stale = evicted[0] != null && evicted[0].owner().sameAs(owner);
        if (evicted[0] != null) {
            evicted[0].evict(stale ? "replaced" : "domain_removed", stale ? "stale publisher replaced by a new session"
                    : "published under " + evicted[0].owner() + ", the domain is now " + owner);
            evicted[0].end();
        }
        stream.openSinks(stale);
        stream.announceWithin(ANNOUNCE_WITHIN);
        return stream;
    }

    /** The stream live under {@code key}, whoever published it: for the node's own bookkeeping, never for a play. */
    public Optional<LiveStream> find(StreamKey key) {
        return Optional.ofNullable(live.get(key));
    }

    /** The stream live under {@code key} if it was published under {@code owner}: what a play may reach. */
    public Optional<LiveStream> find(StreamKey key, DomainOwner owner) {
        return find(key).filter(stream -> stream.owner().sameAs(owner));
    }

    /** The streams live now, a copy; any thread. */
    public List<LiveStream> streams() {
        return List.copyOf(live.values());
    }

    public int size() {
        return live.size();
    }

    /**
     * Frees the buffers of streams still registered when the node stopped: their end never ran on their loop. Call
     * once the node's event loops have terminated.
     */
    public void releaseAfterShutdown() {
        live.values().forEach(LiveStream::releaseAfterShutdown);
        live.clear();
    }

    /** Called by the stream itself, on its loop, once it has ended. */
    void remove(LiveStream stream) {
        live.remove(stream.key(), stream);
        metrics.streams().set(live.size());
    }
}
