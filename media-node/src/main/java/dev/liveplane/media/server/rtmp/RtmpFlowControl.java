package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.message.Acknowledgement;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessageException;
import dev.liveplane.media.protocol.rtmp.message.UserControl;
import dev.liveplane.media.protocol.rtmp.message.WindowAckSize;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Answers the protocol control an RTMP peer expects of the node, apart from the session's commands: an
 * Acknowledgement each window of bytes read (RTMP spec 5.4.3) and a ping response to each ping request (7.1.7); and
 * counts the bytes read into the node's ingest metric.
 */
final class RtmpFlowControl {

    private final RtmpChunkDecoder chunkDecoder;
    private final NodeMetrics metrics;
    private long peerWindowAckSize;
    private long lastAckedBytes;
    private long countedBytes;

    RtmpFlowControl(RtmpChunkDecoder chunkDecoder, NodeMetrics metrics) {
        this.chunkDecoder = chunkDecoder;
        this.metrics = metrics;
    }

    /** Counts what the decoder has read by now and acknowledges each full window; call for every message. */
    void messageRead(ChannelHandlerContext ctx) {
        long total = chunkDecoder.bytesRead();
        metrics.bytesIn(total - countedBytes);
        countedBytes = total;
        if (peerWindowAckSize > 0 && total - lastAckedBytes >= peerWindowAckSize) {
            lastAckedBytes = total;
            ctx.writeAndFlush(new Acknowledgement(total & 0xFFFFFFFFL).toMessage(ctx.alloc()));
        }
    }

    /** The peer's Window Acknowledgement Size: how many bytes it sends between acknowledgements it wants. */
    void windowAckSize(ByteBuf payload) {
        peerWindowAckSize = WindowAckSize.decode(payload).windowSize();
    }

    void userControl(ChannelHandlerContext ctx, ByteBuf payload) {
        UserControl event;
        try {
            event = UserControl.decode(payload);
        } catch (RtmpMessageException e) {
            return; // vendor events (FMS buffer empty/ready, SWF verification) carry nothing the node needs
        }
        if (event.event() == UserControl.Event.PING_REQUEST) {
            ctx.writeAndFlush(UserControl.pingResponse(event.value()).toMessage(ctx.alloc()));
        }
    }
}
