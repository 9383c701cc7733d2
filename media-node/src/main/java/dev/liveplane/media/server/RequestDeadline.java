package dev.liveplane.media.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client that takes longer than the deadline to send a whole request into a closed connection, however it
 * trickles the bytes in (slowloris: a reader-idle timeout restarts on every byte, this one does not). The clock
 * starts when the connection opens and again whenever the last outstanding response has been written (a keep-alive
 * connection waiting for its next request); it stops when a request is complete. A response that never completes,
 * an HTTP-FLV stream, leaves the clock stopped for good, so a long-lived viewer that sends nothing is never cut here.
 * Runs on the channel's event loop only.
 */
public final class RequestDeadline extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);
    private static final LogLimiter LIMITER = LogLimiter.perMinute(20);

    private final long deadlineNanos;
    private final String protocol;
    private final Predicate<Object> requestComplete;
    private final Predicate<Object> responseComplete;
    private final boolean oneRequest;
    private ScheduledFuture<?> timer;
    private int outstanding;

    private RequestDeadline(Duration deadline, String protocol, Predicate<Object> requestComplete,
            Predicate<Object> responseComplete, boolean oneRequest) {
        this.deadlineNanos = deadline.toNanos();
        this.protocol = protocol;
        this.requestComplete = requestComplete;
        this.responseComplete = responseComplete;
        this.oneRequest = oneRequest;
    }

    /**
     * A deadline for every request of a keep-alive connection: {@code requestComplete} is true for the inbound
     * message that ends a request (a whole HTTP request), {@code responseComplete} for the outbound one that ends
     * its response (HTTP's last content).
     */
    public static RequestDeadline perRequest(Duration deadline, String protocol, Predicate<Object> requestComplete,
            Predicate<Object> responseComplete) {
        return new RequestDeadline(deadline, protocol, requestComplete, responseComplete, false);
    }

    /**
     * A deadline from the connection's start to the first inbound message {@code requestComplete} accepts (RTMP's
     * {@code publish} or {@code play}); the handler then leaves the pipeline.
     */
    public static RequestDeadline untilFirst(Duration deadline, String protocol, Predicate<Object> requestComplete) {
        return new RequestDeadline(deadline, protocol, requestComplete, msg -> false, true);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timer == null) {
            arm(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (requestComplete.test(msg)) {
            outstanding++;
            cancel();
            if (oneRequest) {
                ctx.pipeline().remove(this);
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (!responseComplete.test(msg)) {
            super.write(ctx, msg, promise);
            return;
        }
        // The next request's clock starts once this response is on the wire: a slow download is not a slow request.
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
        if (!ctx.channel().isActive()) {
            return;
        }
        LIMITER.log("request_timeout", suppressed -> log.info(
                "event=request_timeout protocol={} conn={} remote={} deadline_ms={} suppressed={}", protocol,
                ctx.channel().id().asShortText(), ctx.channel().remoteAddress(),
                TimeUnit.NANOSECONDS.toMillis(deadlineNanos), suppressed));
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
