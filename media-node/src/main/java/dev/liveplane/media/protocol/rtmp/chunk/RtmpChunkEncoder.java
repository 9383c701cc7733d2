package dev.liveplane.media.protocol.rtmp.chunk;

import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.SetChunkSize;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link RtmpMessage}s into chunks with {@link RtmpChunkWriter}, at the outgoing chunk size, which starts at
 * 128 (RTMP spec 5.4.1) and follows every SetChunkSize message this encoder writes, from the next message on.
 */
public final class RtmpChunkEncoder extends MessageToByteEncoder<RtmpMessage> {

    private static final int DEFAULT_CHUNK_SIZE = 128;

    private int chunkSize = DEFAULT_CHUNK_SIZE;

    public RtmpChunkEncoder() {
        super(RtmpMessage.class);
    }

    /** The chunk size messages are written with now. */
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RtmpMessage msg, boolean preferDirect) {
        int length = RtmpChunkWriter.encodedLength(msg.chunkStreamId(), msg.timestamp(),
                msg.content().readableBytes(), chunkSize);
        return preferDirect ? ctx.alloc().ioBuffer(length) : ctx.alloc().heapBuffer(length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RtmpMessage msg, ByteBuf out) {
        RtmpChunkWriter.write(out, msg.chunkStreamId(), msg.typeId(), msg.timestamp(), msg.messageStreamId(),
                msg.content(), chunkSize);
        if (msg.typeId() == MessageType.SET_CHUNK_SIZE) {
            chunkSize = SetChunkSize.decode(msg.content()).chunkSize();
        }
    }
}
