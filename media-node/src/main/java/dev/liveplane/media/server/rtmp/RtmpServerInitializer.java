package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkEncoder;
import dev.liveplane.media.protocol.rtmp.handshake.RtmpServerHandshakeHandler;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamSettings;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Builds the pipeline of an accepted RTMP connection: idle guard, handshake, chunk codec, session. */
public final class RtmpServerInitializer extends ChannelInitializer<SocketChannel> {

    private final StreamRelays relays;

    private final StreamRegistry registry;
    private final PublishAuthorizer publishAuthorizer;
    private final PlayAuthorizer playAuthorizer;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final Duration idleTimeout;
    private final int maxMessageLength;

    public RtmpServerInitializer(StreamRegistry registry, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamSettings settings, NodeMetrics metrics, Duration idleTimeout,
            int maxMessageLength, StreamRelays relays) {
        this.relays = relays;
        this.registry = registry;
        this.publishAuthorizer = publishAuthorizer;
        this.playAuthorizer = playAuthorizer;
        this.settings = settings;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.maxMessageLength = maxMessageLength;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        RtmpChunkDecoder chunkDecoder = new RtmpChunkDecoder(maxMessageLength);
        ch.pipeline()
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("handshake", new RtmpServerHandshakeHandler())
                .addLast("chunkDecoder", chunkDecoder)
                .addLast("chunkEncoder", new RtmpChunkEncoder())
                .addLast("session", new RtmpSessionHandler(chunkDecoder, registry, publishAuthorizer,
                        playAuthorizer, settings, metrics, relays));
    }
}
