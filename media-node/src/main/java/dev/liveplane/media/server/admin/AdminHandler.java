package dev.liveplane.media.server.admin;

import dev.liveplane.media.server.NodeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Answers the operator's probes: {@code /healthz} (200 while serving, 503 while draining) and {@code /metrics}. */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final NodeMetrics metrics;
    private final BooleanSupplier serving;

    public AdminHandler(NodeMetrics metrics, BooleanSupplier serving) {
        this.metrics = metrics;
        this.serving = serving;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response = switch (path) {
            case "/healthz" -> serving.getAsBoolean()
                    ? text(HttpResponseStatus.OK, "ok\n", "text/plain; charset=utf-8")
                    : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping\n", "text/plain; charset=utf-8");
            case "/metrics" -> text(HttpResponseStatus.OK, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8");
            default -> text(HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8");
        };
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
