package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Converts between a Set Chunk Size payload (RTMP spec 5.4.1, type 1) and the new maximum chunk size. */
public record SetChunkSize(int chunkSize) {

    public SetChunkSize {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be 1..2147483647, got " + chunkSize);
        }
    }

    /** Reads the payload without moving its reader index. */
    public static SetChunkSize decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 4, "SetChunkSize");
        int size = payload.getInt(payload.readerIndex());
        // The first bit must be zero (RTMP spec 5.4.1), and a zero-byte chunk could never carry a message.
        if (size < 1) {
            throw new RtmpMessageException("SetChunkSize to " + Integer.toUnsignedString(size)
                    + "; must be 1..2147483647");
        }
        return new SetChunkSize(size);
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        return alloc.buffer(4).writeInt(chunkSize);
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.SET_CHUNK_SIZE, encode(alloc));
    }
}
