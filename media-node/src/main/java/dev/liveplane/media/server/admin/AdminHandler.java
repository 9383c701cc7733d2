package dev.liveplane.media.server.admin;

import dev.liveplane.media.server.LogLimiter;
import dev.liveplane.media.server.NodeDrain;
import dev.liveplane.media.server.NodeMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the operator's probes: {@code /healthz} (200 while serving, 503 {@code draining} or {@code stopping}),
 * {@code /metrics} and {@code GET /drain}, readable by anyone who reaches the port, and {@code POST /drain} /
 * {@code DELETE /drain} to start and end a drain, which take the node's own or the operator's bearer token (401
 * without one, 403 when the node has none configured).
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);
    private static final LogLimiter REFUSALS = LogLimiter.perMinute(10);
    private static final String PLAIN = "text/plain; charset=utf-8";

    private final NodeMetrics metrics;
    private final BooleanSupplier serving;
    private final NodeDrain drain;
    private final AdminCredentials credentials;

    public AdminHandler(NodeMetrics metrics, BooleanSupplier serving, NodeDrain drain,
            AdminCredentials credentials) {
        this.metrics = metrics;
        this.serving = serving;
        this.drain = drain;
        this.credentials = credentials;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = switch (path) {
            case "/healthz", "/metrics" -> read ? probe(path)
                    : text(HttpResponseStatus.METHOD_NOT_ALLOWED, "GET or HEAD\n", PLAIN);
            case "/drain" -> drain(ctx, request);
            default -> text(HttpResponseStatus.NOT_FOUND, "not found\n", PLAIN);
        };
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse probe(String path) {
        return switch (path) {
            case "/healthz" -> !serving.getAsBoolean()
                    ? text(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping\n", "text/plain; charset=utf-8")
                    : drain.draining()
                    ? text(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining\n", "text/plain; charset=utf-8")
                    : text(HttpResponseStatus.OK, "ok\n", "text/plain; charset=utf-8");
            default -> text(HttpResponseStatus.OK, metrics.scrape(), "text/plain; version=0.0.4; charset=utf-8");
        };
    }

    private FullHttpResponse drain(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.DELETE)) {
            FullHttpResponse refused = refusal(ctx, request);
            if (refused != null) {
                return refused;
            }
            boolean start = method.equals(HttpMethod.POST);
            drain.setLocal(start);
            log.info("event=drain_{} source=admin holder={} remote={}", start ? "started" : "ended",
                    credentials.holder(request.headers().get(HttpHeaderNames.AUTHORIZATION)).orElseThrow()
                            .name().toLowerCase(Locale.ROOT), ctx.channel().remoteAddress());
        } else if (!method.equals(HttpMethod.GET)) {
            return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "POST, DELETE or GET\n", "text/plain; charset=utf-8");
        }
        return text(HttpResponseStatus.OK, drain.draining() ? "draining\n" : "serving\n",
                "text/plain; charset=utf-8");
    }

    /** The answer to a state change without a valid credential, or null when the request carries one. */
    private FullHttpResponse refusal(ChannelHandlerContext ctx, FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (credentials.holder(authorization).isPresent()) {
            return null;
        }
        REFUSALS.log("admin_refused", suppressed -> log.warn(
                "event=admin_refused conn={} remote={} method={} path=/drain credential={} suppressed={}",
                ctx.channel().id().asShortText(), ctx.channel().remoteAddress(), request.method(),
                authorization == null ? "none" : "invalid", suppressed));
        if (!credentials.configured()) {
            return text(HttpResponseStatus.FORBIDDEN, "this node has no admin credential: start it with "
                    + "--state-dir or --admin-token to drain it here\n", PLAIN);
        }
        FullHttpResponse response = text(HttpResponseStatus.UNAUTHORIZED, "send Authorization: Bearer <the node's "
                + "admin token (admin-token in its state directory) or the operator's node-admin token>\n", PLAIN);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"liveplane-node-admin\"");
        return response;
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
