package dev.liveplane.media.server.usage;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.StreamSink;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Meters a node's usage per tenant, domain, app, stream, protocol and 5-minute bucket: bytes written to players'
 * sockets ({@link ConnectionMeter}, first in each player pipeline), bytes published ({@link IngestMeter}, a stream
 * sink), viewer-seconds and peak viewers (RTMP and HTTP-FLV connections, HLS sessions by token). The counting parts
 * keep their counts on their own event loop; {@link #harvest} collects them there and returns the deltas.
 */
public final class UsageMeter {

    private final UsageDomains domains;
    private final Clock clock;
    private final UsageTallies tallies = new UsageTallies();
    private final Audience audience = new Audience();
    private final HlsViewers hls;
    private final Map<EventLoop, LoopMeters> loops = new ConcurrentHashMap<>();

    /** @param hlsTargetDurationMillis the node's HLS target duration, which paces HLS players' requests */
    public UsageMeter(UsageDomains domains, long hlsTargetDurationMillis, Clock clock) {
        this.domains = domains;
        this.clock = clock;
        this.hls = new HlsViewers(this, hlsTargetDurationMillis);
    }

    /** A new connection's meter, to put first in its pipeline. */
    public ChannelHandler connectionMeter() {
        return new ConnectionMeter(this);
    }

    /** The sink that counts what publishers send. */
    public StreamSink.Factory ingest() {
        return new IngestMeter(this);
    }

    /**
     * The key of a play allowed by {@code decision} of a viewer that addressed {@code domain}: the pull domain's
     * registration for viewers, the push domain's for another node's relay pull; null when nobody is billed.
     */
    public UsageKey keyOf(AuthDecision decision, String domain, Metered protocol) {
        StreamKey stream = decision.stream();
        if (decision.relay()) {
            return UsageKey.of(decision.owner(), stream.domain(), stream, Metered.RELAY);
        }
        return UsageKey.of(domains.owner(domain), domain, stream, protocol);
    }

    /**
     * An HLS request of session {@code token} for {@code key} (a playlist or a segment); {@code opens} for the signed
     * playlist request that issued the token. Any loop.
     */
    public void hlsRequest(String token, UsageKey key, boolean opens) {
        if (key != null && token != null) {
            hls.request(token, key, now(), opens);
        }
    }

    long now() {
        return clock.millis();
    }

    LoopMeters loop(EventLoop loop) {
        return loops.computeIfAbsent(loop, l -> new LoopMeters());
    }

    Audience.Count join(UsageKey key, long nowMillis) {
        Audience.Count count = audience.join(key);
        tallies.add(key, UsageTallies.bucketOf(nowMillis), 0, 0, count.now);
        return count;
    }

    void leave(UsageKey key) {
        audience.leave(key);
    }

    /** {@code viewers} watched {@code key} from {@code fromMillis} to {@code toMillis}. */
    void viewing(UsageKey key, Audience.Count count, long fromMillis, long toMillis, int viewers) {
        tallies.viewing(key, fromMillis, toMillis, viewers, count.now);
    }

    void bytes(UsageKey key, long atMillis, long bytes, Audience.Count viewers) {
        tallies.add(key, UsageTallies.bucketOf(atMillis), bytes, 0, viewers == null ? 0 : viewers.now);
    }

    /**
     * Collects every count up to {@code tickMillis}: each event loop harvests its own parts (waiting at most
     * {@code waitMillis} for all; a loop that is late is harvested next time, nothing is lost), then HLS sessions.
     * Returns what changed since the last harvest.
     */
    List<UsageTallies.Delta> harvest(long tickMillis, long waitMillis) {
        List<Future<?>> tasks = new ArrayList<>(loops.size());
        loops.forEach((loop, meters) -> {
            try {
                tasks.add(loop.submit(() -> meters.harvest(tickMillis)));
            } catch (RejectedExecutionException e) {
                loops.remove(loop, meters); // the node is shutting down; its connections counted themselves out
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Future<?> task : tasks) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // counted at the next harvest
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        hls.harvest(tickMillis);
        return tallies.take(tickMillis);
    }

    /** HLS sessions watching now. */
    public int hlsSessions() {
        return hls.size();
    }
}
