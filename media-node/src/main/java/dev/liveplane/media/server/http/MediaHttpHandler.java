package dev.liveplane.media.server.http;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.ConnectionErrors;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.DomainResolver;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.QueryString;
import dev.liveplane.media.server.stream.StreamAddressException;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamRequest.DeliveryProtocol;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.usage.ConnectionMeter;
import dev.liveplane.media.server.usage.Metered;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves players over HTTP the routes {@link HttpMediaRoute} reads: {@code /{app}/{stream}.flv} (HTTP-FLV, chunked,
 * live), {@code /{app}/{stream}.m3u8} (HLS live playlist) and {@code /{app}/{stream}/seg-{publish}-{seq}.ts} (HLS
 * segments), under this node's own prefix too ({@link NodePath}). The domain comes from the Host header or a
 * {@code vhost}/{@code domain} query parameter. A path of no route, or under another node's prefix, gets 404, a bad
 * name or domain 400. Responses carry CORS headers so web players on other origins work.
 */
public final class MediaHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(MediaHttpHandler.class);
    private static final String BEARER = "Bearer ";
    private static final String TOKEN_PARAMETER = "token";

    private final StreamRegistry registry;
    private final PlayAuthorizer playAuthorizer;
    private final StreamSettings settings;
    private final NodeMetrics metrics;
    private final StreamRelays relays;
    private final HlsResponder hls;
    private final NodePath nodePath;
    private HttpFlvViewer viewer;

    public MediaHttpHandler(StreamRegistry registry, HlsStreams hlsStreams, PlayAuthorizer playAuthorizer,
            StreamSettings settings, NodeMetrics metrics, StreamRelays relays, NodePath nodePath) {
        this.relays = relays;
        this.nodePath = nodePath;
        this.hls = new HlsResponder(registry, hlsStreams, metrics, relays, nodePath);
        this.registry = registry;
        this.playAuthorizer = playAuthorizer;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        metrics.httpConnections().incrementAndGet();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ReferenceCountUtil.release(msg); // bytes after an HTTP-FLV request took the connection over
            return;
        }
        try {
            handle(ctx, request);
        } finally {
            request.release();
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (viewer != null) {
            return; // pipelined request on a connection already streaming FLV
        }
        if (!request.decoderResult().isSuccess()) {
            HttpReplies.text(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n");
            return;
        }
        if (request.method() == HttpMethod.OPTIONS) {
            HttpReplies.preflight(ctx, request);
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            HttpReplies.text(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            return;
        }
        QueryString uri = QueryString.parse(request.uri());
        Optional<String> served = nodePath.served(uri.path());
        if (served.isEmpty()) {
            // A URI another node handed out (a CDN or balancer sent it here): that node's segments and numbering are
            // not this node's, and serving its path with other bytes would put them in a cache under its name.
            HttpReplies.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not this node's path\n");
            return;
        }
        String path = served.get();
        Map<String, String> query = new LinkedHashMap<>(uri.parameters());
        String bearer = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (bearer != null && bearer.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            query.putIfAbsent(TOKEN_PARAMETER, bearer.substring(BEARER.length()).trim());
        }
        HttpMediaRoute route;
        StreamKey key;
        try {
            Optional<HttpMediaRoute> parsed = HttpMediaRoute.parse(path);
            if (parsed.isEmpty()) {
                HttpReplies.text(ctx, request, HttpResponseStatus.NOT_FOUND, "not found\n");
                return;
            }
            route = parsed.get();
            key = new StreamKey(DomainResolver.resolve(request.headers().get(HttpHeaderNames.HOST), query),
                    route.app(), route.stream());
        } catch (StreamAddressException e) {
            log.info("event=refused protocol=http conn={} remote={} reason=\"{}\"", ctx.channel().id().asShortText(),
                    ctx.channel().remoteAddress(), e.getMessage());
            HttpReplies.text(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage() + "\n");
            return;
        }
        DeliveryProtocol protocol = switch (route.kind()) {
            case FLV -> DeliveryProtocol.HTTP_FLV;
            case PLAYLIST -> DeliveryProtocol.HLS_PLAYLIST;
            case SEGMENT -> DeliveryProtocol.HLS_SEGMENT;
        };
        authorized(ctx, request, key, protocol, path, query, decision -> {
            switch (route.kind()) {
                case FLV -> startFlv(ctx, request, decision, key);
                case PLAYLIST -> hls.startPlaylist(ctx, request, decision, query, key.domain());
                case SEGMENT -> hls.serveSegment(ctx, request, decision, route.publish(), route.sequence(),
                        key.domain());
            }
        });
    }

    private void authorized(ChannelHandlerContext ctx, FullHttpRequest request, StreamKey key,
            DeliveryProtocol protocol, String path, Map<String, String> query, Consumer<AuthDecision> then) {
        // The node's own URL scheme says who asks: a new viewer, a running HLS session or another node's relay pull.
        StreamRequest streamRequest = new StreamRequest(key, protocol, path, query, ctx.channel().remoteAddress(),
                request.headers().get(HttpHeaderNames.REFERER), StreamRequest.Kind.of(protocol, query));
        FullHttpRequest held = request.retain();
        playAuthorizer.authorizePlay(streamRequest).whenComplete((decision, error) -> ctx.executor().execute(() -> {
            try {
                if (!answerable(ctx)) {
                    return; // the player left, or an HTTP-FLV response took the connection over, while it waited
                }
                AuthDecision verdict = error == null ? decision : AuthDecision.deny("authorizer failed: " + error);
                if (verdict.allowed()) {
                    then.accept(verdict);
                } else {
                    log.info("event=refused protocol={} conn={} remote={} stream={} reason=\"{}\"", protocol,
                            ctx.channel().id().asShortText(), ctx.channel().remoteAddress(), key, verdict.reason());
                    if (verdict.refusal() == AuthDecision.Refusal.UNAVAILABLE) {
                        // A draining or full node: a load balancer or player retries elsewhere (RFC 9110 15.6.4).
                        HttpReplies.text(ctx, held, HttpResponseStatus.SERVICE_UNAVAILABLE, verdict.reason() + "\n");
                    } else {
                        HttpReplies.text(ctx, held, HttpResponseStatus.FORBIDDEN, "forbidden\n");
                    }
                }
            } finally {
                held.release();
            }
        }));
    }

    /**
     * Whether an answer decided later (a delayed refusal, a relay found) can still be written: the connection is
     * open and still speaks HTTP. Checked on the connection's loop, where closing and the FLV takeover happen too.
     */
    private boolean answerable(ChannelHandlerContext ctx) {
        return ctx.channel().isActive() && viewer == null
                && ctx.pipeline().get(HttpServerInitializer.AGGREGATOR) != null;
    }

    /**
     * Starts an HTTP-FLV response; a stream not live here is first looked for on the other nodes of the fleet and
     * relayed (never for a relay pull itself, so relays do not chain).
     */
    private void startFlv(ChannelHandlerContext ctx, FullHttpRequest request, AuthDecision decision,
            StreamKey addressed) {
        Optional<LiveStream> local = registry.find(decision.stream(), decision.owner());
        if (local.isPresent() || decision.relay()) {
            playFlv(ctx, request, local, decision, addressed);
            return;
        }
        FullHttpRequest held = request.retain();
        relays.relay(decision).whenComplete((relayed, error) -> ctx.executor().execute(() -> {
            try {
                if (answerable(ctx)) {
                    playFlv(ctx, held, error == null ? relayed : Optional.empty(), decision, addressed);
                }
            } finally {
                held.release();
            }
        }));
    }

    private void playFlv(ChannelHandlerContext ctx, FullHttpRequest request, Optional<LiveStream> stream,
            AuthDecision decision, StreamKey addressed) {
        StreamKey key = decision.stream();
        if (stream.isEmpty()) {
            HttpReplies.text(ctx, request, HttpResponseStatus.NOT_FOUND, "stream not found\n");
            return;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "video/x-flv")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpReplies.cors(response);
        if (request.method() == HttpMethod.HEAD) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.writeAndFlush(response);
        // From here on the connection carries pre-framed chunks shared by every viewer, so the HTTP codec steps
        // aside; it has already encoded the response head above.
        ctx.pipeline().remove(HttpServerInitializer.AGGREGATOR);
        ctx.pipeline().remove(HttpServerInitializer.CODEC);
        viewer = new HttpFlvViewer(ctx.channel(), settings, metrics, key.toString(),
                decision.relay() ? null : addressed.domain(), decision.relay());
        ConnectionMeter.playing(ctx.channel(), decision, addressed.domain(), Metered.HTTP_FLV);
        log.info("event=play_start protocol={} conn={} remote={} stream={}",
                decision.relay() ? "relay" : "http-flv", ctx.channel().id().asShortText(),
                ctx.channel().remoteAddress(), key);
        stream.get().addViewer(viewer);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (viewer != null && ctx.channel().isWritable()) {
            viewer.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && viewer == null) {
            ctx.close(); // an idle keep-alive connection; an HTTP-FLV viewer only ever receives
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.httpConnections().decrementAndGet();
        if (viewer != null) {
            viewer.close();
            viewer = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ConnectionErrors.peerWentAway(ctx, cause, "http")
                || ConnectionErrors.allocationFailed(ctx, cause, "http")) {
            return;
        }
        if (ConnectionErrors.badInput(ctx, log, "event=http_connection_closed conn={} remote={} reason=\"{}\"",
                ctx.channel().id().asShortText(), ctx.channel().remoteAddress(),
                ConnectionErrors.reason(cause).toString())) {
            metrics.protocolError();
        }
        ctx.close();
    }
}
