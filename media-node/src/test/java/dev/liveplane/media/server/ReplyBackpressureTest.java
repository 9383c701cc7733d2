package dev.liveplane.media.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** A peer whose replies pile up past the high water mark is not read from until they drain below the low one. */
class ReplyBackpressureTest {

    @Test
    void stopsReadingWhileRepliesPileUpAndResumesWhenTheyDrain() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 4096));
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                // Nothing leaves, as with a socket whose peer does not read.
            }
        }, ReplyBackpressure.INSTANCE);
        assertThat(channel.config().isAutoRead()).isTrue();

        for (int i = 0; i < 5; i++) {
            channel.writeAndFlush(Unpooled.buffer(1024).writeZero(1024));
        }
        assertThat(channel.isWritable()).isFalse();
        assertThat(channel.config().isAutoRead()).as("reading while 5 KiB of replies wait").isFalse();

        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        pending.addFlush();
        pending.removeBytes(5 * 1024); // the peer reads them at last
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.config().isAutoRead()).as("reading once they drained").isTrue();
        assertFalse(channel.finish());
    }
}
