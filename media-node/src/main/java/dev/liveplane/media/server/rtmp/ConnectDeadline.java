package dev.liveplane.media.server.rtmp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an RTMP connection that has not had its {@code connect} accepted within a deadline of opening into a closed
 * one, however busily it trickles bytes (which keeps the idle guard quiet): a peer that never authenticates holds
 * its share of the node's pre-connect memory for seconds, not for as long as it likes.
 */
final class ConnectDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectDeadline.class);

    private final Duration deadline;
    private final RtmpMessageBudget budget;
    private ScheduledFuture<?> timer;

    ConnectDeadline(Duration deadline, RtmpMessageBudget budget) {
        this.deadline = deadline;
        this.budget = budget;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        timer = ctx.executor().schedule(() -> {
            if (!budget.hasConnected() && ctx.channel().isActive()) {
                log.info("event=connect_timeout conn={} remote={} after_ms={}", ctx.channel().id().asShortText(),
                        ctx.channel().remoteAddress(), deadline.toMillis());
                ctx.close();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (timer != null) {
            timer.cancel(false);
        }
        super.channelInactive(ctx);
    }
}
