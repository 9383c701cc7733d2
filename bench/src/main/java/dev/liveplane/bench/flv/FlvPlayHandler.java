package dev.liveplane.bench.flv;

import dev.liveplane.bench.PlayUrl;
import dev.liveplane.bench.Viewer;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Plays one stream over HTTP-FLV: sends the GET, then reads FLV tags out of the response body (however the server
 * frames it: chunked, length or close-delimited) and reports each audio and video tag to its {@link Viewer}. The
 * last handler of the pipeline: any error fails the viewer and closes.
 */
public final class FlvPlayHandler extends SimpleChannelInboundHandler<HttpObject> {

    private final PlayUrl url;
    private final Viewer viewer;
    private final FlvTagReader reader = new FlvTagReader();
    /** Body bytes not yet forming a whole tag; HTTP chunks need not line up with FLV tags. */
    private ByteBuf pending = Unpooled.EMPTY_BUFFER;

    public FlvPlayHandler(PlayUrl url, Viewer viewer) {
        this.url = url;
        this.viewer = viewer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        FullHttpRequest get = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                url.httpPathAndQuery(), Unpooled.EMPTY_BUFFER);
        get.headers()
                .set(HttpHeaderNames.HOST, url.hostHeader())
                .set(HttpHeaderNames.USER_AGENT, "liveplane-bench")
                .set(HttpHeaderNames.ACCEPT, "*/*");
        ctx.writeAndFlush(get);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpResponse response && !response.status().equals(HttpResponseStatus.OK)) {
            fail(ctx, "HTTP " + response.status());
            return;
        }
        if (msg instanceof HttpContent content) {
            pending = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), pending, content.content().retain());
            readTags();
            if (msg instanceof LastHttpContent) {
                fail(ctx, "response ended");
            }
        }
    }

    private void readTags() {
        FlvTag tag;
        while ((tag = reader.read(pending)) != null) {
            try {
                if ((tag.tagType() == FlvTag.AUDIO || tag.tagType() == FlvTag.VIDEO) && tag.content().isReadable()) {
                    viewer.media(tag.timestamp());
                }
            } finally {
                tag.release();
            }
        }
        if (!pending.isReadable()) {
            pending.release();
            pending = Unpooled.EMPTY_BUFFER;
        } else {
            pending.discardSomeReadBytes();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        pending.release();
        pending = Unpooled.EMPTY_BUFFER;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private void fail(ChannelHandlerContext ctx, String reason) {
        viewer.fail(reason);
        ctx.close();
    }
}
