package dev.liveplane.media.server.http;

import dev.liveplane.api.signing.QueryParameters;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSegmenter;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.DomainResolver;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.QueryString;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.usage.ConnectionMeter;
import dev.liveplane.media.server.usage.Metered;
import dev.liveplane.media.server.usage.UsageKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Answers an authorized HLS request on a player connection: a playlist (master or media, their URIs carrying the
 * viewer's session and domain) or a segment, relaying a stream not live here as HTTP-FLV plays do.
 */
final class HlsResponder {

    private static final long PLAYLIST_CHECK_MILLIS = 100;

    private final StreamRegistry registry;
    private final HlsStreams hls;
    private final NodeMetrics metrics;
    private final StreamRelays relays;
    private final NodePath nodePath;

    HlsResponder(StreamRegistry registry, HlsStreams hls, NodeMetrics metrics, StreamRelays relays,
            NodePath nodePath) {
        this.nodePath = nodePath;
        this.registry = registry;
        this.hls = hls;
        this.metrics = metrics;
        this.relays = relays;
    }

    /**
     * Answers a playlist request; a stream not live here is first looked for on the other nodes of the fleet and
     * relayed, as for HTTP-FLV. A stream that just started (published here or relayed) has no playlist before its
     * first segment is cut, so the answer waits for one (checked on the connection's loop, never blocking it) up to two
     * target durations and a second, then answers as for any stream without a segment yet (404): a player opened as
     * the stream goes live starts with it instead of failing.
     */
    void startPlaylist(ChannelHandlerContext ctx, FullHttpRequest request, AuthDecision decision,
            Map<String, String> query, String domain) {
        Optional<LiveStream> local = registry.find(decision.stream(), decision.owner());
        if (local.isPresent()) {
            awaitPlaylist(ctx, bodyless(request), decision, query, domain, local.get(),
                    System.nanoTime() + segmentWaitNanos());
            return;
        }
        if (decision.relay()) {
            servePlaylist(ctx, request, decision, query, domain);
            return;
        }
        FullHttpRequest held = request.retain();
        relays.relay(decision).whenComplete((relayed, error) -> ctx.executor().execute(() -> {
            try {
                if (!ctx.channel().isActive()) {
                    return;
                }
                if (error == null && relayed.isPresent()) {
                    awaitPlaylist(ctx, bodyless(held), decision, query, domain, relayed.get(),
                            System.nanoTime() + segmentWaitNanos());
                } else {
                    // 404, or the end list of a stream that just ended
                    servePlaylist(ctx, held, decision, query, domain);
                }
            } finally {
                held.release();
            }
        }));
    }

    /**
     * Checks every {@value #PLAYLIST_CHECK_MILLIS} ms for the first segment of {@code stream}. {@code request} holds
     * no pooled buffer, so a check cancelled by a shutting-down loop leaks nothing.
     */
    private void awaitPlaylist(ChannelHandlerContext ctx, FullHttpRequest request, AuthDecision decision,
            Map<String, String> query, String domain, LiveStream stream, long deadlineNanos) {
        if (!ctx.channel().isActive()) {
            return;
        }
        stream.hlsRequested(); // a player waiting here keeps the relay alive
        boolean stillLive = registry.find(decision.stream(), decision.owner()).orElse(null) == stream;
        boolean ready = hls.find(decision.stream(), decision.owner()).filter(HlsSegmenter::hasPlaylist).isPresent();
        if (!stillLive || ready || System.nanoTime() - deadlineNanos >= 0) {
            servePlaylist(ctx, request, decision, query, domain);
            return;
        }
        ctx.executor().schedule(() -> awaitPlaylist(ctx, request, decision, query, domain, stream, deadlineNanos),
                PLAYLIST_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The request line and headers of {@code request} without its (pooled) body, for answering it later. */
    private static FullHttpRequest bodyless(FullHttpRequest request) {
        return request.replace(Unpooled.EMPTY_BUFFER);
    }

    private long segmentWaitNanos() {
        return TimeUnit.MILLISECONDS.toNanos(2L * hls.settings().targetDurationMs() + 1_000);
    }

    /**
     * Answers a playlist request. When the authorizer opened an HLS session for a signed request, the answer is a
     * master playlist whose one variant is this stream's media playlist with the session attached, so the player's
     * refreshes and segment fetches carry it (and keep working after the signed URL expires). Otherwise, and for
     * that child playlist, it is the media playlist itself, its segment URIs carrying the session and domain.
     */
    private void servePlaylist(ChannelHandlerContext ctx, FullHttpRequest request, AuthDecision decision,
            Map<String, String> query, String domain) {
        registry.find(decision.stream(), decision.owner()).ifPresent(LiveStream::hlsRequested);
        Optional<HlsSegmenter> segmenter = hls.find(decision.stream(), decision.owner());
        String suffix = playlistQuery(domain, decision.hlsSession());
        boolean master = decision.hlsSession() != null && !query.containsKey(StreamRequest.HLS_SESSION_PARAMETER);
        Optional<String> playlist = master
                ? segmenter.flatMap(h -> h.masterPlaylist(childPlaylistUri(request) + suffix))
                : segmenter.flatMap(h -> h.playlist(suffix));
        if (playlist.isEmpty()) {
            HttpReplies.text(ctx, request, HttpResponseStatus.NOT_FOUND, "stream not found\n");
            return;
        }
        ByteBuf body = Unpooled.copiedBuffer(playlist.get(), StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        // Its URIs carry this viewer's session: no shared cache may hand it to another viewer (a CDN caches the
        // segments, which are the same for everyone, and asks the node for every playlist).
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.apple.mpegurl")
                .set(HttpHeaderNames.CACHE_CONTROL, "private, no-store");
        metrics.hlsBytesOut().increment(body.readableBytes());
        meter(ctx, decision, domain, master);
        HttpReplies.send(ctx, request, response);
    }

    /**
     * The query every URI inside a playlist carries: the domain the viewer addressed, always by parameter (behind a
     * CDN the {@code Host} names the CDN, and the edge checking the session reads the domain from here), and the HLS
     * session.
     */
    private static String playlistQuery(String domain, String session) {
        StringBuilder suffix = new StringBuilder("?").append(DomainResolver.PARAMETERS.get(0)).append('=')
                .append(QueryParameters.encode(domain));
        if (session != null) {
            suffix.append('&').append(StreamRequest.HLS_SESSION_PARAMETER).append('=').append(session);
        }
        return suffix.toString();
    }

    /**
     * The master playlist's URI of the media playlist: relative for a node without a key, as ever; otherwise from the
     * root and naming this node, so that the viewer's refreshes, and the segments they list (relative to it), come
     * back to this node through a CDN whose default origin is any node.
     */
    private String childPlaylistUri(FullHttpRequest request) {
        String path = QueryString.parse(request.uri()).path();
        String served = nodePath.served(path).orElse(path);
        String named = nodePath.named(served);
        return named.equals(served) ? served.substring(served.lastIndexOf('/') + 1) : named;
    }

    /** Answers a segment request: {@code publish} and {@code seq} as the segment's URI names them. */
    void serveSegment(ChannelHandlerContext ctx, FullHttpRequest request, AuthDecision decision, String publish,
            long seq, String domain) {
        registry.find(decision.stream(), decision.owner()).ifPresent(LiveStream::hlsRequested);
        Optional<ByteBuf> segment = hls.find(decision.stream(), decision.owner())
                .flatMap(h -> h.segment(publish, seq));
        if (segment.isEmpty()) {
            HttpReplies.text(ctx, request, HttpResponseStatus.NOT_FOUND, "segment not found\n");
            return;
        }
        ByteBuf body = segment.get();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        // Its URI names one publish and one cut, so its bytes never change: shared caches keep it for everyone.
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "video/mp2t")
                .set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=86400, immutable");
        metrics.hlsBytesOut().increment(body.readableBytes());
        meter(ctx, decision, domain, false);
        HttpReplies.send(ctx, request, response);
    }

    /**
     * Meters the answer about to be written (its head and body) as HLS of the pull domain {@code domain}, and the
     * request as one of its viewer's: by session token, or by address for a node that signs no sessions;
     * {@code opens} for the master playlist of a signed request, a new player.
     */
    private static void meter(ChannelHandlerContext ctx, AuthDecision decision, String domain, boolean opens) {
        ConnectionMeter meter = ConnectionMeter.of(ctx.channel());
        if (meter == null) {
            return;
        }
        UsageKey key = meter.usage().keyOf(decision, domain, Metered.HLS);
        meter.serve(key);
        String session = decision.hlsSession();
        meter.usage().hlsRequest(session != null ? session
                : ctx.channel().remoteAddress() instanceof InetSocketAddress inet
                        ? inet.getHostString() + "|" + decision.stream() : null, key, opens);
    }
}
