package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Converts between an Acknowledgement payload (RTMP spec 5.4.3, type 3) and the bytes-received count it reports. */
public record Acknowledgement(long sequenceNumber) {

    public Acknowledgement {
        UnsignedInts.check(sequenceNumber, "sequence number");
    }

    /** Reads the payload without moving its reader index. */
    public static Acknowledgement decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 4, "Acknowledgement");
        return new Acknowledgement(payload.getUnsignedInt(payload.readerIndex()));
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(4).writeInt((int) sequenceNumber);
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.ACKNOWLEDGEMENT, encode(alloc));
    }
}
