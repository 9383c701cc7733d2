package dev.liveplane.media.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** Hands out unpooled buffers and remembers them, so a test can prove that the code under test released each one. */
public final class TrackingAllocator extends AbstractByteBufAllocator {

    private final List<ByteBuf> allocated = new ArrayList<>();

    public TrackingAllocator() {
        super(false);
    }

    /** An EmbeddedChannel whose handlers allocate from this allocator; handlers are added after it is set. */
    public EmbeddedChannel channel(ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(this);
        channel.pipeline().addLast(handlers);
        return channel;
    }

    public void assertAllReleased() {
        assertThat(allocated).allSatisfy(buf -> assertThat(buf.refCnt()).as("refCnt of %s", buf).isZero());
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity));
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private ByteBuf track(ByteBuf buf) {
        allocated.add(buf);
        return buf;
    }
}
