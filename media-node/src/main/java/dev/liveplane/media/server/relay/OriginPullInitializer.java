package dev.liveplane.media.server.relay;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of a relay's connection to an origin node: HTTP client codec (no aggregation: the FLV body
 * never ends), idle detection, then the pull's handler.
 */
final class OriginPullInitializer extends ChannelInitializer<SocketChannel> {

    private final OriginPull pull;
    private final HttpRequest request;
    private final Duration idleTimeout;

    OriginPullInitializer(OriginPull pull, HttpRequest request, Duration idleTimeout) {
        this.pull = pull;
        this.request = request;
        this.idleTimeout = idleTimeout;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("httpCodec", new HttpClientCodec())
                .addLast("pull", new OriginPullHandler(pull, request));
    }
}
