package dev.liveplane.media.e2e;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkEncoder;
import dev.liveplane.media.protocol.rtmp.handshake.HandshakeCompletedEvent;
import dev.liveplane.media.protocol.rtmp.handshake.RtmpClientHandshakeHandler;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Netty RTMP player built from the node's own codecs (client handshake, chunk decoder and encoder, command
 * messages): it connects, creates a stream, plays it and records every message it receives, in arrival order.
 */
final class RtmpPlayer implements AutoCloseable {

    private static final int COMMAND_CHUNK_STREAM = 3;
    private static final double CONNECT_TRANSACTION = 1;
    private static final double CREATE_STREAM_TRANSACTION = 2;

    /** One received message: its header, a copy of its payload and when it arrived ({@link System#nanoTime()}). */
    record Received(int typeId, long timestamp, int messageStreamId, byte[] payload, long arrivedNanos) {

        boolean isMedia() {
            return WireLabel.isMedia(typeId);
        }

        String label() {
            return WireLabel.of(typeId, payload);
        }

        int byteAt(int index) {
            return payload[index] & 0xFF;
        }

        DataMessage data() {
            return DataMessage.decode(typeId, Unpooled.wrappedBuffer(payload));
        }

        @Override
        public String toString() {
            return label() + " @" + timestamp;
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Received> received = new ArrayList<>();
    private volatile long playSentNanos;
    private volatile Throwable failure;
    private Channel channel;

    private RtmpPlayer() {
    }

    /** Connects to {@code rtmp://127.0.0.1:port/app} and plays {@code stream}; the commands run in the background. */
    static RtmpPlayer play(int port, String app, String stream) throws InterruptedException {
        RtmpPlayer player = new RtmpPlayer();
        try {
            player.connect(port, app, stream);
            return player;
        } catch (InterruptedException | RuntimeException e) {
            player.close();
            throw e;
        }
    }

    private void connect(int port, String app, String stream) throws InterruptedException {
        String tcUrl = "rtmp://127.0.0.1:" + port + "/" + app;
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RtmpClientHandshakeHandler(), new RtmpChunkDecoder(),
                                new RtmpChunkEncoder(), new PlayHandler(app, tcUrl, stream));
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
    }

    /** {@link System#nanoTime()} when the play command was written, or 0 before that. */
    long playSentNanos() {
        return playSentNanos;
    }

    /** Waits until the messages received so far satisfy {@code condition} and returns them. */
    List<Received> awaitMessages(Predicate<List<Received>> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (!condition.test(received)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("RTMP player did not get the expected messages within " + timeout
                            + "; got " + received, failure);
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
            return List.copyOf(received);
        }
    }

    /** Every message received so far. */
    List<Received> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits for the node to close the connection; true if it did within {@code timeout}. */
    boolean awaitClosedByPeer(Duration timeout) throws InterruptedException {
        boolean closed = channel.closeFuture().await(timeout.toMillis());
        if (failure != null) {
            throw new AssertionError("the RTMP player itself failed", failure);
        }
        return closed;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void record(RtmpMessage msg) {
        Received message = new Received(msg.typeId(), msg.timestamp(), msg.messageStreamId(),
                ByteBufUtil.getBytes(msg.content()), System.nanoTime());
        synchronized (received) {
            received.add(message);
            received.notifyAll();
        }
    }

    /** Walks the client side of connect, createStream and play (RTMP spec 7.2.1.1, 7.2.1.3, 7.2.2.1). */
    private final class PlayHandler extends SimpleChannelInboundHandler<RtmpMessage> {

        private final String app;
        private final String tcUrl;
        private final String stream;

        PlayHandler(String app, String tcUrl, String stream) {
            super(RtmpMessage.class, true);
            this.app = app;
            this.tcUrl = tcUrl;
            this.stream = stream;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompletedEvent) {
                send(ctx, 0, "connect", CONNECT_TRANSACTION, Map.of("app", app, "tcUrl", tcUrl,
                        "flashVer", "LNX 9,0,124,2", "objectEncoding", 0.0));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RtmpMessage msg) {
            record(msg);
            if (msg.typeId() != MessageType.COMMAND_AMF0) {
                return;
            }
            CommandMessage command = CommandMessage.decode(msg.typeId(), msg.content());
            if (!"_result".equals(command.name())) {
                return;
            }
            if (command.transactionId() == CONNECT_TRANSACTION) {
                send(ctx, 0, "createStream", CREATE_STREAM_TRANSACTION, null);
            } else if (command.transactionId() == CREATE_STREAM_TRANSACTION
                    && command.arguments().get(0) instanceof Double streamId) {
                // Start -2: the live stream if there is one, else a recording (RTMP spec 7.2.2.1).
                playSentNanos = System.nanoTime();
                send(ctx, streamId.intValue(), "play", 0, null, stream, -2.0);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure = cause;
            ctx.close();
        }

        private void send(ChannelHandlerContext ctx, int messageStreamId, String name, double transactionId,
                Object commandObject, Object... arguments) {
            ctx.writeAndFlush(new CommandMessage(name, transactionId, commandObject, Arrays.asList(arguments))
                    .toMessage(ctx.alloc(), COMMAND_CHUNK_STREAM, messageStreamId));
        }
    }
}
