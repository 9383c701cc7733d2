package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkEncoder;
import dev.liveplane.media.protocol.rtmp.handshake.RtmpServerHandshakeHandler;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.ReplyBackpressure;
import dev.liveplane.media.server.RequestDeadline;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.usage.UsageMeter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Builds the pipeline of an accepted RTMP connection: reply backpressure, idle guard, handshake, chunk codec (its
 * memory budget drawn from the node's), a deadline for getting as far as {@code publish} or {@code play}, session.
 */
public final class RtmpServerInitializer extends ChannelInitializer<SocketChannel> {

    private final StreamRelays relays;

    private final StreamRegistry registry;
    private final PublishAuthorizer publishAuthorizer;
    private final PlayAuthorizer playAuthorizer;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final Duration idleTimeout;
    private final RtmpMessageLimits messageLimits;
    private final RtmpPartialMemory partialMemory;
    private final UsageMeter usage;

    /** @param usage meters each connection when set (its meter first in the pipeline); null meters nothing */
    public RtmpServerInitializer(StreamRegistry registry, PublishAuthorizer publishAuthorizer,
            PlayAuthorizer playAuthorizer, StreamSettings settings, NodeMetrics metrics, Duration idleTimeout,
            RtmpMessageLimits messageLimits, RtmpPartialMemory partialMemory, StreamRelays relays,
            UsageMeter usage) {
        this.usage = usage;
        this.relays = relays;
        this.registry = registry;
        this.publishAuthorizer = publishAuthorizer;
        this.playAuthorizer = playAuthorizer;
        this.settings = settings;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.messageLimits = messageLimits;
        this.partialMemory = partialMemory;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        RtmpMessageBudget budget = new RtmpMessageBudget(messageLimits, partialMemory);
        RtmpChunkDecoder chunkDecoder = new RtmpChunkDecoder(budget);
        if (usage != null) {
            ch.pipeline().addLast("usage", usage.connectionMeter()); // first: every write passes it
        }
        ch.pipeline()
                .addLast("backpressure", ReplyBackpressure.INSTANCE)
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("handshake", new RtmpServerHandshakeHandler())
                .addLast("chunkDecoder", chunkDecoder)
                .addLast("chunkEncoder", new RtmpChunkEncoder())
                // A client that trickles its handshake or commands a byte at a time keeps the idle guard quiet.
                .addLast("requestDeadline", RequestDeadline.untilFirst(idleTimeout, "rtmp",
                        RtmpServerInitializer::publishOrPlay))
                .addLast("session", new RtmpSessionHandler(chunkDecoder, budget, registry, publishAuthorizer,
                        playAuthorizer, settings, metrics, relays));
    }

    /** Whether {@code msg} is the command that ends the request phase of an RTMP session. */
    private static boolean publishOrPlay(Object msg) {
        if (!(msg instanceof RtmpMessage message) || (message.typeId() != MessageType.COMMAND_AMF0
                && message.typeId() != MessageType.COMMAND_AMF3)) {
            return false;
        }
        try {
            String name = CommandMessage.decode(message.typeId(), message.content()).name();
            return name.equals("publish") || name.equals("play");
        } catch (ProtocolException | IndexOutOfBoundsException e) {
            return false; // the session handler reports bad commands
        }
    }
}
