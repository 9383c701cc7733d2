package dev.liveplane.media.server.usage;

import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.SentBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;

/**
 * Counts the bytes a player connection's socket took, for the viewer, HLS player or relay it serves: the first
 * handler of the pipeline, so every write passes it (replies, HTTP heads, HLS bodies) except media, which a viewer
 * writes from this very place and reports through {@link SentBytes}. What is handed on but still sits in Netty's
 * outbound buffer when the flusher harvests or the connection closes is not counted as sent: a player that leaves
 * is not billed for what never reached its socket.
 *
 * <p>Everything here runs on the connection's loop, harvests included, so the counts are plain fields: metering
 * adds one addition per batch of frames to the fan-out and no lock, no allocation.
 */
public final class ConnectionMeter extends ChannelDuplexHandler
        implements SentBytes, Harvested, ChannelOutboundBuffer.MessageProcessor {

    private final UsageMeter meter;
    private ChannelHandlerContext ctx;
    /** Bytes handed to the transport since the connection opened. */
    private long handed;
    /** Of those, written through this handler and not flushed yet. */
    private long unflushed;
    /** Bytes already counted for someone. */
    private long counted;
    /** Scratch for summing the outbound buffer without allocating. */
    private long pendingSum;
    private UsageKey key;
    /** Set while this connection is a viewer (RTMP, HTTP-FLV): its count, and how far its viewing is counted. */
    private Audience.Count viewer;
    private long viewedUntil;
    private boolean ended;

    ConnectionMeter(UsageMeter meter) {
        this.meter = meter;
    }

    /** The meter of {@code channel}'s pipeline, or null when the node does not meter. */
    public static ConnectionMeter of(Channel channel) {
        return channel.pipeline().get(ConnectionMeter.class);
    }

    /**
     * Meters {@code channel} (if the node meters) as the play {@code decision} allowed of a player that addressed
     * {@code domain} over {@code protocol}, or as another node's relay pull. On the connection's loop.
     */
    public static void playing(Channel channel, AuthDecision decision, String domain, Metered protocol) {
        ConnectionMeter meter = of(channel);
        if (meter != null) {
            meter.play(meter.meter.keyOf(decision, domain, protocol), !decision.relay());
        }
    }

    /** The meter this connection reports to. */
    public UsageMeter usage() {
        return meter;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
        // A player that closes its side is seen here first (not closed behind the pipeline's back), so what the
        // outbound buffer still holds can be left uncounted; the connection is then closed as before.
        context.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /**
     * From now on the connection's bytes, those already sent included (handshake, replies), are {@code key}'s, a
     * viewer's when {@code countsViewer}. RTMP and HTTP-FLV plays and relay pulls; on the connection's loop.
     */
    public void play(UsageKey key, boolean countsViewer) {
        if (key == null || ended || viewer != null) {
            return;
        }
        long now = meter.now();
        if (this.key == null) {
            meter.loop(ctx.channel().eventLoop()).add(this);
        } else {
            settle(handed, now); // HLS answers on this keep-alive connection before it took a live play
        }
        this.key = key;
        if (countsViewer) {
            viewer = meter.join(key, now);
            viewedUntil = now;
        }
    }

    /**
     * The response about to be written is {@code key}'s (an HLS playlist or segment); what the connection sent
     * before is counted for the key it served then. On the connection's loop.
     */
    public void serve(UsageKey key) {
        if (key == null || ended || key.equals(this.key)) {
            return;
        }
        if (this.key == null) {
            meter.loop(ctx.channel().eventLoop()).add(this);
            counted = handed; // what came before (refusals, other paths) is nobody's
        } else {
            // A keep-alive player asks for the next file once it has read the last one.
            settle(handed, meter.now());
        }
        this.key = key;
    }

    @Override
    public void sent(long bytes) {
        handed += bytes;
        unflushed = 0; // the viewer flushed the whole channel
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) throws Exception {
        long size = size(msg);
        handed += size;
        unflushed += size;
        context.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext context) throws Exception {
        unflushed = 0;
        context.flush();
    }

    @Override
    public void harvest(long tickMillis) {
        if (!ended) {
            settle(handed - pending(), tickMillis - 1);
            if (viewer != null && tickMillis > viewedUntil) {
                meter.viewing(key, viewer, viewedUntil, tickMillis, 1);
                viewedUntil = tickMillis;
            }
        }
    }

    @Override
    public void close(ChannelHandlerContext context, ChannelPromise promise) throws Exception {
        end(handed - pending());
        context.close(promise);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
        if (evt instanceof ChannelInputShutdownEvent) {
            end(handed - pending()); // the player left: what it has not taken it never will
            context.close();
        } else if (!(evt instanceof ChannelInputShutdownReadComplete)) {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        // Closed by the transport itself (a write the kernel refused): the outbound buffer is gone, so what it held
        // counts as sent; at most the write high mark (512 KiB) of the connection's last moment.
        end(handed);
        context.fireChannelInactive();
    }

    /** Counts the connection's last bytes and leaves the meter. */
    private void end(long delivered) {
        if (ended) {
            return;
        }
        ended = true;
        if (key == null) {
            return;
        }
        long now = meter.now();
        settle(delivered, now);
        if (viewer != null) {
            meter.viewing(key, viewer, viewedUntil, now, 1);
            meter.leave(key);
            viewer = null;
        }
        meter.loop(ctx.channel().eventLoop()).remove(this);
    }

    /** Counts what was delivered since the last count for the current key, in the bucket of {@code atMillis}. */
    private void settle(long delivered, long atMillis) {
        if (key != null && delivered > counted) {
            meter.bytes(key, atMillis, delivered - counted, viewer);
            counted = delivered;
        }
    }

    /** Bytes handed to the transport that it has not written to the socket yet. */
    private long pending() {
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer == null) {
            return 0;
        }
        pendingSum = unflushed;
        try {
            buffer.forEachFlushedMessage(this);
        } catch (Exception e) {
            throw new IllegalStateException(e); // processMessage throws nothing
        }
        return pendingSum;
    }

    @Override
    public boolean processMessage(Object msg) {
        pendingSum += size(msg); // a partly written buffer's reader index has moved past what went out
        return true;
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buf) {
            return buf.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        if (msg instanceof FileRegion region) {
            return region.count() - region.transferred();
        }
        return 0;
    }
}
