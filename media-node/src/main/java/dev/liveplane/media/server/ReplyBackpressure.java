package dev.liveplane.media.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Turns a peer that stops reading what the node writes into a peer the node stops reading from, until its writes
 * drain below the low water mark: requests that each queue a reply (RTMP ping requests and commands, pipelined HTTP
 * requests) then wait in the peer's own socket instead of piling replies up in the node's memory.
 */
@ChannelHandler.Sharable
public final class ReplyBackpressure extends ChannelInboundHandlerAdapter {

    public static final ReplyBackpressure INSTANCE = new ReplyBackpressure();

    private ReplyBackpressure() {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }
}
