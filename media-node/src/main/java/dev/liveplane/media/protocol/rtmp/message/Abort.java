package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Converts between an Abort Message payload (RTMP spec 5.4.2, type 2) and the chunk stream it abandons. */
public record Abort(int chunkStreamId) {

    /** Reads the payload without moving its reader index. */
    public static Abort decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 4, "Abort");
        return new Abort(payload.getInt(payload.readerIndex()));
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(4).writeInt(chunkStreamId);
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.ABORT, encode(alloc));
    }
}
