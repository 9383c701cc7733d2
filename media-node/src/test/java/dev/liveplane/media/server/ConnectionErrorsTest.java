package dev.liveplane.media.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

/** An allocation that fails on a connection closes that connection, and nothing else is mistaken for one. */
class ConnectionErrorsTest {

    /** A last handler that, like the node's, asks ConnectionErrors first. */
    private static final class LastHandler extends ChannelInboundHandlerAdapter {
        Boolean handled;

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handled = ConnectionErrors.allocationFailed(ctx, cause, "test");
        }
    }

    @Test
    void anAllocationFailureClosesOnlyTheConnectionThatAsked() {
        LastHandler failing = new LastHandler();
        LastHandler other = new LastHandler();
        EmbeddedChannel asked = new EmbeddedChannel(failing);
        EmbeddedChannel bystander = new EmbeddedChannel(other);
        asked.pipeline().fireExceptionCaught(
                new DecoderException(new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory")));
        assertThat(failing.handled).isTrue();
        assertThat(asked.isOpen()).isFalse();
        assertThat(bystander.isOpen()).isTrue();
        assertThat(other.handled).isNull();
        bystander.finishAndReleaseAll();
    }

    @Test
    void otherErrorsAreLeftToTheCaller() {
        LastHandler handler = new LastHandler();
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.pipeline().fireExceptionCaught(new IllegalStateException("bad input"));
        assertThat(handler.handled).isFalse();
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }
}
