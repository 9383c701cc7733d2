package dev.liveplane.media.protocol.rtmp.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a client's C0, C1 and C2 (RTMP spec 5.2) into S0, S1 and S2 and then a {@link HandshakeCompletedEvent},
 * after which it leaves the pipeline and passes any bytes that came after C2 on; FFmpeg sends C2 and its connect
 * command in one segment.
 *
 * <p>A C1 with a non-zero version field (bytes 4-7) asks for the digest handshake of Flash, OBS, FFmpeg and librtmp:
 * if its digest checks out under the Flash Player key in either schema, S1 carries a digest in the same schema and
 * S2 the signature those clients check. Otherwise, as for a zero version, S2 echoes C1 (nginx-rtmp falls back the
 * same way). It holds at most C0+C1 and then C2 (3073 bytes) besides one read's worth of what follows.
 */
public final class RtmpServerHandshakeHandler extends ByteToMessageDecoder {

    private static final int RTMPE_VERSION = 6;
    private static final int PACKET = HandshakePackets.PACKET_LENGTH;
    /** The FMS version S1 announces; FFmpeg only checks S1's digest when its first byte is at least 3. */
    private static final byte[] SERVER_VERSION = {4, 5, 0, 1};

    private boolean c1Answered;
    private boolean failed;
    private HandshakeCompletedEvent completion;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!c1Answered) {
            checkVersion(in.getUnsignedByte(in.readerIndex()));
            if (in.readableBytes() < 1 + PACKET) {
                return;
            }
            in.skipBytes(1);
            byte[] c1 = new byte[PACKET];
            in.readBytes(c1);
            ctx.writeAndFlush(answer(ctx, c1));
            c1Answered = true;
        }
        if (in.readableBytes() < PACKET) {
            return;
        }
        // C2 is not checked: nginx-rtmp and SRS ignore it too, and some clients fill it carelessly.
        in.skipBytes(PACKET);
        ctx.fireUserEventTriggered(completion);
        ctx.pipeline().remove(this);
    }

    private void checkVersion(int version) {
        if (version == HandshakePackets.RTMP_VERSION) {
            return;
        }
        failed = true;
        if (version == RTMPE_VERSION) {
            throw new RtmpHandshakeException("client asked for RTMPE (C0 version 6), which this server does not "
                    + "offer; use rtmp:// or rtmps://");
        }
        throw new RtmpHandshakeException("C0 version 0x" + Integer.toHexString(version) + " is not RTMP's 3; "
                + "is an HTTP or TLS client talking to the RTMP port?");
    }

    /** Writes S0, S1 and S2 for this C1. */
    private ByteBuf answer(ChannelHandlerContext ctx, byte[] c1) {
        byte[] s1 = HandshakePackets.randomPacket();
        byte[] s2;
        int schema = isZero(c1, 4, 4)
                ? -1
                : HandshakePackets.findSchema(c1, HandshakePackets.FP_KEY, HandshakePackets.FP_KEY_PUBLIC_LENGTH);
        if (schema < 0) {
            completion = HandshakeCompletedEvent.SIMPLE;
            // Simple handshake: S1's version field is zero and S2 echoes C1 (RTMP spec 5.2.3, 5.2.4).
            Arrays.fill(s1, 4, 8, (byte) 0);
            s2 = c1;
        } else {
            completion = HandshakeCompletedEvent.DIGEST;
            System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
            HandshakePackets.sign(s1, schema, HandshakePackets.FMS_KEY, HandshakePackets.FMS_KEY_PUBLIC_LENGTH);
            int digestAt = HandshakePackets.digestOffset(c1, schema);
            byte[] c1Digest = Arrays.copyOfRange(c1, digestAt, digestAt + HandshakePackets.DIGEST_LENGTH);
            s2 = HandshakePackets.randomPacket();
            HandshakePackets.signResponse(s2, c1Digest, HandshakePackets.FMS_KEY);
        }
        ByteBuf s0s1s2 = ctx.alloc().buffer(1 + 2 * PACKET);
        return s0s1s2.writeByte(HandshakePackets.RTMP_VERSION).writeBytes(s1).writeBytes(s2);
    }

    private static boolean isZero(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
