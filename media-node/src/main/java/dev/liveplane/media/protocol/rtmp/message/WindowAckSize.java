package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Converts between a Window Acknowledgement Size payload (RTMP spec 5.4.4, type 5) and the number of bytes after
 * which the receiver must acknowledge.
 */
public record WindowAckSize(long windowSize) {

    public WindowAckSize {
        UnsignedInts.check(windowSize, "window size");
    }

    /** Reads the payload without moving its reader index. */
    public static WindowAckSize decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 4, "WindowAckSize");
        return new WindowAckSize(payload.getUnsignedInt(payload.readerIndex()));
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(4).writeInt((int) windowSize);
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.WINDOW_ACK_SIZE, encode(alloc));
    }
}
