package dev.liveplane.media.protocol.rtmp.handshake;

import static dev.liveplane.media.protocol.Bytes.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.TrackingAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtmpClientHandshakeHandlerTest {

    private static final int PACKET = 1536;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingEvents events = new RecordingEvents();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void sendsC0C1ThenEchoesS1AndPassesOnWhatFollowsS2() {
        EmbeddedChannel channel = alloc.channel(new RtmpClientHandshakeHandler(), events);
        byte[] c0c1 = readOutbound(channel);
        assertThat(c0c1).hasSize(1 + PACKET);
        assertThat(c0c1[0]).isEqualTo((byte) 3);
        assertThat(range(c0c1, 5, 9)).as("a zero version asks for the simple handshake").containsOnly(0);

        byte[] server = HandshakePackets.randomPacket();
        byte[] s0s1s2 = new byte[1 + 2 * PACKET + 3];
        s0s1s2[0] = 3;
        System.arraycopy(server, 0, s0s1s2, 1, PACKET);
        s0s1s2[s0s1s2.length - 1] = 42;
        channel.writeInbound(Unpooled.wrappedBuffer(s0s1s2, 0, 100));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(s0s1s2, 100, s0s1s2.length - 100));

        assertThat(readOutbound(channel)).isEqualTo(server);
        assertThat(events.events).containsExactly(HandshakeCompletedEvent.SIMPLE);
        assertThat(channel.pipeline().get(RtmpClientHandshakeHandler.class)).isNull();
        ByteBuf rest = channel.readInbound();
        assertThat(ByteBufUtil.getBytes(rest)).containsExactly(0, 0, 42);
        rest.release();
        assertFalse(channel.finish());
    }

    @Test
    void refusesAServerThatIsNotRtmp() {
        EmbeddedChannel channel = alloc.channel(new RtmpClientHandshakeHandler(), events);
        readOutbound(channel);
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer("HTTP/1.1 400".getBytes())))
                .isInstanceOf(RtmpHandshakeException.class)
                .hasMessageContaining("S0 version 0x48");
        assertFalse(channel.finish());
    }

    @Test
    void completesAgainstTheServerHandler() {
        RecordingEvents serverEvents = new RecordingEvents();
        EmbeddedChannel client = alloc.channel(new RtmpClientHandshakeHandler(), events);
        EmbeddedChannel server = alloc.channel(new RtmpServerHandshakeHandler(), serverEvents);
        for (int round = 0; round < 3; round++) {
            pump(client, server);
            pump(server, client);
        }
        assertThat(events.events).containsExactly(HandshakeCompletedEvent.SIMPLE);
        assertThat(serverEvents.events).containsExactly(HandshakeCompletedEvent.SIMPLE);
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object out; (out = from.readOutbound()) != null; ) {
            to.writeInbound(out);
        }
    }

    private static byte[] readOutbound(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
