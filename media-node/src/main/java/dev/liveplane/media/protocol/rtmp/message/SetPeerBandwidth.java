package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Converts between a Set Peer Bandwidth payload (RTMP spec 5.4.5, type 6) and the window size it imposes with its
 * limit type.
 */
public record SetPeerBandwidth(long windowSize, LimitType limitType) {

    /** How the peer applies the new window (RTMP spec 5.4.5). */
    public enum LimitType {
        HARD,
        SOFT,
        DYNAMIC;

        public int code() {
            return ordinal();
        }
    }

    public SetPeerBandwidth {
        UnsignedInts.check(windowSize, "window size");
        Objects.requireNonNull(limitType, "limitType");
    }

    /** Reads the payload without moving its reader index. */
    public static SetPeerBandwidth decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 5, "SetPeerBandwidth");
        int code = payload.getUnsignedByte(payload.readerIndex() + 4);
        if (code >= LimitType.values().length) {
            throw new RtmpMessageException("SetPeerBandwidth limit type " + code + "; must be 0, 1 or 2");
        }
        return new SetPeerBandwidth(payload.getUnsignedInt(payload.readerIndex()), LimitType.values()[code]);
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(5).writeInt((int) windowSize).writeByte(limitType.code());
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.SET_PEER_BANDWIDTH, encode(alloc));
    }
}
