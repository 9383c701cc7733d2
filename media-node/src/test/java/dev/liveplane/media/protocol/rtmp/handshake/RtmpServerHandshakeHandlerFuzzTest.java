package dev.liveplane.media.protocol.rtmp.handshake;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Any client bytes either complete the handshake or end in {@link ProtocolException}, and every buffer is released.
 * Seeds: RtmpServerHandshakeHandlerFuzzTestInputs/handshake, cut from the ffmpeg captures.
 */
class RtmpServerHandshakeHandlerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void handshake(byte[] input) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), new RtmpChunkDecoder());
        try {
            int split = input.length / 3;
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
        } catch (ProtocolException expected) {
            // The typed refusal is one of the two allowed outcomes.
        } finally {
            channel.finishAndReleaseAll();
        }
        alloc.assertAllReleased();
    }
}
