package dev.liveplane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts the bytes read from a viewer's socket into its {@link Viewer}, before any decoding. */
public final class ByteCounter extends ChannelInboundHandlerAdapter {

    private final Viewer viewer;

    public ByteCounter(Viewer viewer) {
        this.viewer = viewer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            viewer.bytesRead(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
