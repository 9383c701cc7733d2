package dev.liveplane.media.server.http;

import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.ReplyBackpressure;
import dev.liveplane.media.server.RequestDeadline;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.usage.UsageMeter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of an accepted player HTTP connection (HTTP-FLV and HLS). */
public final class HttpServerInitializer extends ChannelInitializer<SocketChannel> {

    static final String CODEC = "httpCodec";
    static final String AGGREGATOR = "httpAggregator";
    private static final int MAX_REQUEST_BODY = 8 * 1024;

    private final StreamRegistry registry;
    private final HlsStreams hls;
    private final PlayAuthorizer playAuthorizer;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final Duration idleTimeout;
    private final StreamRelays relays;
    private final UsageMeter usage;
    private final NodePath nodePath;

    /**
     * @param usage    meters each connection when set (its meter first in the pipeline); null meters nothing
     * @param nodePath how this node names itself in the HLS URIs it hands out
     */
    public HttpServerInitializer(StreamRegistry registry, HlsStreams hls, PlayAuthorizer playAuthorizer,
            StreamSettings settings, NodeMetrics metrics, Duration idleTimeout, StreamRelays relays,
            UsageMeter usage, NodePath nodePath) {
        this.usage = usage;
        this.nodePath = nodePath;
        this.hls = hls;
        this.relays = relays;
        this.idleTimeout = idleTimeout;
        this.registry = registry;
        this.playAuthorizer = playAuthorizer;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (usage != null) {
            ch.pipeline().addLast("usage", usage.connectionMeter()); // first: every write passes it
        }
        ch.pipeline()
                .addLast("backpressure", ReplyBackpressure.INSTANCE)
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(CODEC, new HttpServerCodec())
                .addLast(AGGREGATOR, new HttpObjectAggregator(MAX_REQUEST_BODY))
                // Stays when an HTTP-FLV response takes the connection over: its clock is stopped for good then.
                .addLast("requestDeadline", RequestDeadline.perRequest(idleTimeout, "http",
                        FullHttpRequest.class::isInstance, LastHttpContent.class::isInstance))
                .addLast("media", new MediaHttpHandler(registry, hls, playAuthorizer, settings, metrics,
                        relays, nodePath));
    }
}
