package dev.liveplane.media.protocol.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a connection into a client's simple handshake (RTMP spec 5.2): sends C0 and C1 once the channel is active,
 * answers S0, S1 and S2 with C2 (an echo of S1), then fires {@link HandshakeCompletedEvent#SIMPLE}, leaves the
 * pipeline and passes any bytes that came after S2 on.
 */
public final class RtmpClientHandshakeHandler extends ByteToMessageDecoder {

    private static final int PACKET = HandshakePackets.PACKET_LENGTH;

    private boolean c0c1Sent;
    private boolean failed;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendC0C1(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendC0C1(ctx);
        super.channelActive(ctx);
    }

    private void sendC0C1(ChannelHandlerContext ctx) {
        if (c0c1Sent) {
            return;
        }
        c0c1Sent = true;
        // A zero version field (bytes 4-7) tells servers this is the simple handshake.
        byte[] c1 = HandshakePackets.randomPacket();
        Arrays.fill(c1, 4, 8, (byte) 0);
        ctx.writeAndFlush(ctx.alloc().buffer(1 + PACKET).writeByte(HandshakePackets.RTMP_VERSION)
                .writeBytes(c1));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int version = in.getUnsignedByte(in.readerIndex());
        if (version != HandshakePackets.RTMP_VERSION) {
            failed = true;
            throw new RtmpHandshakeException("S0 version 0x" + Integer.toHexString(version) + " is not RTMP's 3");
        }
        if (in.readableBytes() < 1 + 2 * PACKET) {
            return;
        }
        in.skipBytes(1);
        ctx.writeAndFlush(ctx.alloc().buffer(PACKET).writeBytes(in, PACKET));
        in.skipBytes(PACKET);
        ctx.fireUserEventTriggered(HandshakeCompletedEvent.SIMPLE);
        ctx.pipeline().remove(this);
    }
}
