package dev.liveplane.media.server.stream;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a {@link MediaFrame} into the bytes every viewer of one delivery format receives byte for byte (RTMP chunks,
 * an HTTP-FLV chunk), so the frame is encoded once per format and shared. Each protocol's server package declares
 * its encoder as one instance; the frame caches what it encodes in that instance's slot.
 */
public abstract class FrameEncoder {

    /** Delivery formats a frame can cache; a node has two (RTMP, HTTP-FLV), LL-HLS or WebRTC may add more. */
    static final int SLOTS = 8;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    final int slot;

    protected FrameEncoder() {
        slot = NEXT_SLOT.getAndIncrement();
        if (slot >= SLOTS) {
            throw new IllegalStateException("more than " + SLOTS + " frame encoders: make each one a singleton");
        }
    }

    /** The frame in this format, in a new buffer the frame then owns. Called on the stream's loop, once per frame. */
    protected abstract ByteBuf encode(MediaFrame frame);
}
