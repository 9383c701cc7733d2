package dev.liveplane.media.protocol.rtmp.handshake;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Records the user events that reach it and passes reads on. */
final class RecordingEvents extends ChannelInboundHandlerAdapter {

    final List<Object> events = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }
}
