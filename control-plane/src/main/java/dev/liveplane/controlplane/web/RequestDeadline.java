package dev.liveplane.controlplane.web;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client that takes longer than the deadline to send a whole HTTP request into a closed connection, however
 * it trickles the bytes in (slowloris: Netty's idle timeouts restart on every byte, this one does not). The clock
 * starts when the connection opens and again once the last outstanding response is written (a keep-alive connection
 * waiting for its next request), and stops when a request's last content arrives, so a long poll being answered is
 * never cut. Sits right after the HTTP codec; runs on the channel's event loop only.
 */
final class RequestDeadline extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
    private static final LogLimiter LIMITER = LogLimiter.perMinute(20);

    private final long deadlineNanos;
    private ScheduledFuture<?> timer;
    private int outstanding;

    RequestDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null && outstanding == 0) {
            arm(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof LastHttpContent) {
            outstanding++;
            cancel();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!(msg instanceof LastHttpContent)) {
            super.write(ctx, msg, promise);
            return;
        }
        ChannelPromise written = promise.unvoid();
        written.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess() && --outstanding <= 0 && ctx.channel().isActive()) {
                outstanding = 0;
                arm(ctx);
            }
        });
        super.write(ctx, msg, written);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> expire(ctx), deadlineNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (ctx.channel().isActive()) {
            LIMITER.log("request_timeout", suppressed -> LOG.info("request deadline passed, connection closed "
                    + "remote={} deadlineMillis={} suppressed={}", ctx.channel().remoteAddress(),
                    TimeUnit.NANOSECONDS.toMillis(deadlineNanos), suppressed));
            ctx.close();
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
