package dev.liveplane.media.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sorts the exceptions that reach a connection's last handler into a peer going away and real bad input. */
public final class ConnectionErrors {

    private static final Logger log = LoggerFactory.getLogger(ConnectionErrors.class);
    private static final AttributeKey<Boolean> REPORTED = AttributeKey.valueOf("liveplane.badInputReported");
    // Anyone can open connections and send garbage: the log says so a few times a minute, with a count.
    private static final LogLimiter BAD_INPUT = LogLimiter.perMinute(30);

    private ConnectionErrors() {
    }

    /**
     * Handles the exceptions that only mean the peer went away (a reset, writes still queued at close) and returns
     * true; returns false for anything the caller must log as bad input.
     */
    public static boolean peerWentAway(ChannelHandlerContext ctx, Throwable cause, String protocol) {
        if (cause instanceof ClosedChannelException) {
            return true; // writes still queued when the connection closed; the close itself was logged
        }
        if (cause instanceof IOException) {
            log.debug("event=connection_lost protocol={} conn={} reason=\"{}\"", protocol,
                    ctx.channel().id().asShortText(), cause.toString());
            ctx.close();
            return true;
        }
        return false;
    }

    /**
     * Closes a connection whose own allocation failed (the node's direct memory is exhausted) and returns true: the
     * failure is this connection's alone, logged once, and the memory its buffers held goes back at the close.
     */
    public static boolean allocationFailed(ChannelHandlerContext ctx, Throwable cause, String protocol) {
        if (!(reason(cause) instanceof OutOfMemoryError)) {
            return false;
        }
        log.warn("event=allocation_failed protocol={} conn={} remote={} reason=\"{}\"", protocol,
                ctx.channel().id().asShortText(), ctx.channel().remoteAddress(), reason(cause).toString());
        ctx.close();
        return true;
    }

    /** The codec's own exception inside Netty's DecoderException wrapper, which says nothing by itself. */
    public static Throwable reason(Throwable cause) {
        return cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    }

    /**
     * Logs why a connection is being closed for bad input ({@code format} at WARN, key=value, with the count of such
     * lines left out appended): once per connection, however many errors its remaining bytes raise, and at most 30
     * lines a minute over all connections. Returns false when the line was already written for this connection.
     */
    public static boolean badInput(ChannelHandlerContext ctx, Logger log, String format, Object... args) {
        if (ctx.channel().attr(REPORTED).setIfAbsent(Boolean.TRUE) != null) {
            return false;
        }
        BAD_INPUT.warn(log, format, args);
        return true;
    }
}
