package dev.liveplane.media.server.relay;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.protocol.amf0.AmfException;
import dev.liveplane.media.protocol.amf0.Amf0Reader;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.MediaFrames;
import dev.liveplane.media.server.stream.Publisher;
import dev.liveplane.media.server.stream.StreamBusyException;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream relayed from its origin node: finds the origin through the {@link OriginLocator}, pulls its HTTP-FLV
 * with a relay token, and publishes the tags here as a {@link LiveStream} so viewers, the GOP cache and HLS work as
 * for a local publisher. Stops when the origin ends the stream or neither a viewer nor an HLS request has been here
 * for the linger period; reconnects through the locator when the origin connection drops while viewers remain.
 *
 * <p>All state is owned by one worker event loop, which is also the loop of the origin connection and of the
 * local stream; the locator's answer is handed to it as a task.
 */
final class OriginPull implements Publisher {

    private static final Logger log = LoggerFactory.getLogger(OriginPull.class);
    /** Target durations after its last request that an HLS player still counts as watching. */
    static final int HLS_PRESENCE_TARGET_DURATIONS = 3;

    private final StreamKey key;
    /** The registration of the push domain the edge's players were authorized under; the origin must have it too. */
    private final DomainOwner owner;
    private final EventLoop loop;
    private final OriginRelays relays;
    private final CompletableFuture<Optional<LiveStream>> ready = new CompletableFuture<>();

    private LiveStream stream;
    private Channel channel;
    private StreamOrigin origin;
    private int retries;
    private boolean stopped;
    /** When a viewer or an HLS request was last seen, or the pull started. */
    private long lastAudienceNanos;
    private ScheduledFuture<?> lingerCheck;

    OriginPull(StreamKey key, DomainOwner owner, EventLoop loop, OriginRelays relays) {
        this.key = key;
        this.owner = owner;
        this.loop = loop;
        this.relays = relays;
    }

    /** Completes once viewers can attach (the origin answered 200), or empty when the pull could not start. */
    CompletableFuture<Optional<LiveStream>> ready() {
        return ready;
    }

    void start() {
        loop.execute(this::locate);
        loop.schedule(() -> {
            if (stream == null && !stopped) {
                failed("no answer from the origin within " + relays.settings().setupTimeout().toMillis() + " ms");
            }
        }, relays.settings().setupTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void locate() {
        relays.locator().locate(key).whenComplete((found, error) -> loop.execute(() -> {
            if (stopped) {
                return;
            }
            if (error != null) {
                failed("origin lookup failed: " + error);
            } else if (found.isEmpty()) {
                failed("live on no other node");
            } else {
                connect(found.get());
            }
        }));
    }

    private void connect(StreamOrigin found) {
        RelayTokenIssuer tokens = relays.tokens().get();
        if (tokens == null) {
            failed("no fleet secret to sign a relay token with");
            return;
        }
        origin = found;
        QueryStringEncoder uri = new QueryStringEncoder("/" + key.app() + "/" + key.stream() + ".flv");
        uri.addParam("vhost", key.domain());
        uri.addParam(StreamRequest.RELAY_PARAMETER, tokens.issue(key));
        if (owner.domainId() != null) {
            uri.addParam(StreamRequest.RELAY_DOMAIN_ID_PARAMETER, owner.domainId());
        }
        HttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri.toString());
        request.headers()
                .set(HttpHeaderNames.HOST, found.address() + ":" + found.httpPort())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        channel = relays.bootstrap(loop, new OriginPullInitializer(this, request, relays.settings().idleTimeout()))
                .connect(found.address(), found.httpPort())
                .addListener(future -> {
                    if (!future.isSuccess()) {
                        problem("connect to " + found.address() + ":" + found.httpPort() + " failed: "
                                + future.cause());
                        connectionClosed(); // no channelInactive for a channel that never connected
                    }
                })
                .channel();
    }

    // ---- from the origin connection, on the loop ----

    void accepted() {
        if (stopped) {
            return;
        }
        retries = 0;
        if (stream != null) {
            log.info("event=relay_resumed stream={} origin={} node={}", key, originLabel(), origin.nodeId());
            return;
        }
        try {
            stream = relays.registry().publish(key, owner, loop, this);
        } catch (StreamBusyException e) {
            // A publisher went live here meanwhile: the viewers play it, the relay is not needed.
            stopped = true;
            channel.close();
            relays.remove(key, this);
            ready.complete(relays.registry().find(key, owner));
            return;
        }
        relays.metrics().started();
        log.info("event=relay_started stream={} origin={} node={}", key, originLabel(), origin.nodeId());
        lastAudienceNanos = System.nanoTime();
        long every = Math.max(100, Math.min(1000, relays.settings().linger().toMillis() / 4));
        lingerCheck = loop.scheduleWithFixedDelay(this::checkViewers, every, every, TimeUnit.MILLISECONDS);
        ready.complete(Optional.of(stream));
    }

    void refused(int status) {
        problem("origin " + originLabel() + " answered " + status);
    }

    void bytesIn(int bytes) {
        relays.metrics().bytesIn(bytes);
    }

    /** Takes one tag from the origin (ownership passes here) into the local stream. */
    void onTag(FlvTag tag) {
        ByteBuf body = tag.content();
        if (stopped || stream == null || !body.isReadable()) {
            tag.release();
            return;
        }
        long now = System.nanoTime();
        switch (tag.tagType()) {
            case FlvTag.AUDIO -> stream.onFrame(MediaFrames.audio(tag.timestamp(), body, now));
            case FlvTag.VIDEO -> stream.onFrame(MediaFrames.video(tag.timestamp(), body, now));
            case FlvTag.SCRIPT_DATA -> onScriptData(tag.timestamp(), body, now);
            default -> tag.release();
        }
    }

    private void onScriptData(long timestamp, ByteBuf body, long now) {
        List<Object> values;
        try {
            values = Amf0Reader.readAll(body.duplicate());
        } catch (AmfException e) {
            body.release(); // the origin wrote it, so this is a bug there; the media still plays without it
            return;
        }
        if (values.size() >= 2 && "onMetaData".equals(values.get(0)) && values.get(1) instanceof Map<?, ?> props) {
            stream.onMetadata(MediaFrames.metadata(timestamp, body, now),
                    new TrackInfo(props.containsKey("audiocodecid"), props.containsKey("videocodecid")), props);
        } else {
            body.release();
        }
    }

    /** The origin's publisher left: end the stream here the same way. */
    void originEnded() {
        stop("origin ended the stream");
    }

    /** Something went wrong with the origin connection; it is being closed. */
    void problem(String reason) {
        if (stopped) {
            return;
        }
        log.info("event=relay_problem stream={} origin={} reason=\"{}\"", key, originLabel(), reason);
        if (stream == null) {
            failed(reason);
        }
    }

    void connectionClosed() {
        if (stopped) {
            return;
        }
        channel = null;
        if (stream == null) {
            failed("origin closed the connection before answering");
        } else if (hasAudience() && retries < relays.settings().maxRetries()) {
            // The publisher may have moved to another node: ask the locator again.
            retries++;
            log.info("event=relay_reconnecting stream={} attempt={}", key, retries);
            loop.schedule(() -> {
                if (!stopped) {
                    locate();
                }
            }, relays.settings().retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            stop("origin connection lost");
        }
    }

    // ---- lifecycle ----

    private void checkViewers() {
        if (stopped) {
            return;
        }
        if (!hasAudience()) {
            stop("no viewers for " + relays.settings().linger().toSeconds() + " s");
        }
    }

    /**
     * Whether anyone watched within the linger: a long-lived viewer attached now, or an HLS player. An HLS player
     * holds no connection; it counts as attached for {@value #HLS_PRESENCE_TARGET_DURATIONS} target durations after
     * its last playlist or segment request (a live player refreshes its playlist at least once per target duration,
     * RFC 8216 6.3.4), and the linger starts counting after that.
     */
    private boolean hasAudience() {
        long now = System.nanoTime();
        if (stream.viewerCount() > 0) {
            lastAudienceNanos = now;
        }
        OptionalLong hlsRequest = stream.lastHlsRequestNanos();
        if (hlsRequest.isPresent()) {
            long hlsPresence = TimeUnit.MILLISECONDS.toNanos(
                    (long) HLS_PRESENCE_TARGET_DURATIONS * relays.hlsTargetDurationMs());
            long hlsUntil = hlsRequest.getAsLong() + hlsPresence;
            if (now - hlsUntil < 0) {
                hlsUntil = now; // an HLS player is still there
            }
            if (hlsUntil - lastAudienceNanos > 0) {
                lastAudienceNanos = hlsUntil;
            }
        }
        return now - lastAudienceNanos < relays.settings().linger().toNanos();
    }

    /** The pull never started: waiting viewers are told the stream is not there. */
    private void failed(String reason) {
        if (stream != null) {
            stop(reason);
            return;
        }
        if (stopped) {
            return;
        }
        stopped = true;
        relays.metrics().failed();
        log.info("event=relay_failed stream={} origin={} reason=\"{}\"", key, originLabel(), reason);
        if (channel != null) {
            channel.close();
        }
        relays.remove(key, this);
        ready.complete(Optional.empty());
    }

    private void stop(String reason) {
        if (stopped) {
            return;
        }
        stopped = true;
        log.info("event=relay_stopped stream={} origin={} reason=\"{}\"", key, originLabel(), reason);
        if (lingerCheck != null) {
            lingerCheck.cancel(false);
        }
        if (channel != null) {
            channel.close();
        }
        relays.remove(key, this);
        relays.metrics().stopped();
        stream.end();
        ready.complete(Optional.empty());
    }

    private String originLabel() {
        return origin == null ? "-" : origin.address() + ":" + origin.httpPort();
    }

    // ---- as the stream's publisher ----

    @Override
    public void evict(String reason) {
        loop.execute(() -> stop("evicted: " + reason));
    }

    @Override
    public String clientAddress() {
        StreamOrigin known = origin;
        return known == null ? null : known.address();
    }

    @Override
    public boolean relayed() {
        return true;
    }
}
