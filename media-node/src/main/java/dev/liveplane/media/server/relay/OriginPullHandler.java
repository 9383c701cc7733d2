package dev.liveplane.media.server.relay;

import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import dev.liveplane.media.server.ConnectionErrors;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Drives one HTTP-FLV pull from an origin node: sends the request, turns a 200 response's endless body into FLV
 * tags for its {@link OriginPull}, and tells it when the origin refused, ended the stream or went away. The last
 * handler of the pull's pipeline: it logs (through the pull) and closes on any error.
 */
final class OriginPullHandler extends ChannelInboundHandlerAdapter {

    private final OriginPull pull;
    private final HttpRequest request;
    private final FlvTagReader reader = new FlvTagReader();
    private ByteBuf cumulation;
    private boolean accepted;

    OriginPullHandler(OriginPull pull, HttpRequest request) {
        this.pull = pull;
        this.request = request;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.writeAndFlush(request);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                if (!response.status().equals(HttpResponseStatus.OK)) {
                    pull.refused(response.status().code());
                    ctx.close();
                    return;
                }
                accepted = true;
                pull.accepted();
            }
            if (msg instanceof HttpContent content && accepted) {
                ByteBuf bytes = content.content();
                if (bytes.isReadable()) {
                    pull.bytesIn(bytes.readableBytes());
                    // The merge cumulator copies instead of writing over bytes that earlier tags still share.
                    cumulation = cumulation == null ? bytes.retain()
                            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, bytes.retain());
                    readTags();
                }
                if (msg instanceof LastHttpContent) {
                    // The origin's viewer response ends with the last chunk when its publisher leaves.
                    accepted = false;
                    pull.originEnded();
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void readTags() {
        FlvTag tag;
        while ((tag = reader.read(cumulation)) != null) {
            pull.onTag(tag);
        }
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        } else if (cumulation.refCnt() == 1) {
            cumulation.discardSomeReadBytes();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            pull.problem("origin sent nothing within the idle timeout");
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        pull.connectionClosed();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        pull.problem(ConnectionErrors.reason(cause).toString());
        ctx.close();
    }
}
