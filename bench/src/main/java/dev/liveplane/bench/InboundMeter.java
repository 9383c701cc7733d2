package dev.liveplane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;

/**
 * Counts the bytes a viewer reads off its socket into its {@link Viewer}, before any decoding, and once media flows
 * asks the kernel to wake the reader only when a batch of bytes has arrived.
 *
 * <p>The batching is what lets one thread hold thousands of viewers: a 1 Mbit/s stream arrives as ~70 messages a
 * second, and waking for each costs the generator more kernel time than the server spends sending. With
 * SO_RCVLOWAT the kernel keeps the bytes (the server's writes are unaffected) and wakes the reader a few times a
 * second; media timestamps are then seen up to one batch late, which the real-time check (a 5% allowance over the
 * whole window) absorbs. It starts after the first media message so that the handshake and first-media time are
 * measured unbatched.
 */
public final class InboundMeter extends ChannelInboundHandlerAdapter {

    /** SO_RCVLOWAT from Linux's asm-generic/socket.h, which Netty has no named option for. */
    private static final IntegerUnixChannelOption SO_RCVLOWAT = new IntegerUnixChannelOption("SO_RCVLOWAT", 1, 18);

    private final Viewer viewer;
    private final int readLowWater;
    private boolean batching;

    /** @param readLowWater bytes the kernel gathers before waking the reader once media flows; 0 or 1 to disable */
    public InboundMeter(Viewer viewer, int readLowWater) {
        this.viewer = viewer;
        this.readLowWater = readLowWater;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            viewer.bytesRead(buf.readableBytes());
        }
        if (!batching && viewer.hasMedia()) {
            batching = true;
            if (readLowWater > 1 && ctx.channel() instanceof EpollSocketChannel channel) {
                channel.config().setOption(SO_RCVLOWAT, readLowWater);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
