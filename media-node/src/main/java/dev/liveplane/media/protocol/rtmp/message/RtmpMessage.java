package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One whole RTMP message (RTMP spec 5.4, "message header" plus payload) as reassembled from chunks, or as handed to
 * the chunk encoder. The payload is owned by this holder; release it when done.
 */
public final class RtmpMessage extends DefaultByteBufHolder {

    private final int chunkStreamId;
    private final int typeId;
    private final long timestamp;
    private final int messageStreamId;

    public RtmpMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId, ByteBuf payload) {
        super(payload);
        this.chunkStreamId = chunkStreamId;
        this.typeId = typeId;
        this.timestamp = timestamp;
        this.messageStreamId = messageStreamId;
    }

    /** Chunk stream the message travelled on (2 for protocol control, 3+ for everything else). */
    public int chunkStreamId() {
        return chunkStreamId;
    }

    /** Message type id, see {@link MessageType}. */
    public int typeId() {
        return typeId;
    }

    /** Absolute timestamp in milliseconds, 32-bit unsigned as on the wire. */
    public long timestamp() {
        return timestamp;
    }

    public int messageStreamId() {
        return messageStreamId;
    }

    @Override
    public RtmpMessage replace(ByteBuf content) {
        return new RtmpMessage(chunkStreamId, typeId, timestamp, messageStreamId, content);
    }

    @Override
    public RtmpMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public RtmpMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "RtmpMessage(csid=" + chunkStreamId + ", type=" + typeId + ", ts=" + timestamp
                + ", msid=" + messageStreamId + ", len=" + content().readableBytes() + ")";
    }
}
