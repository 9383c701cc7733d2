package dev.liveplane.media.protocol.rtmp.handshake;

import static dev.liveplane.media.protocol.Bytes.capture;
import static dev.liveplane.media.protocol.Bytes.hex;
import static dev.liveplane.media.protocol.Bytes.range;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkDecoder;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtmpServerHandshakeHandlerTest {

    private static final int PACKET = 1536;
    private static final int C0C1 = 1 + PACKET;

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final RecordingEvents events = new RecordingEvents();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void answersFfmpegsDigestHandshakeAndPassesOnTheConnectThatFollowsC2() {
        byte[] client = capture("ffmpeg-publish.c2s.bin");
        byte[] c1 = range(client, 1, C0C1);
        // FFmpeg puts its digest in the first block (schema 1), keyed with the Flash Player key.
        assertThat(HandshakePackets.findSchema(c1, HandshakePackets.FP_KEY, 30)).isEqualTo(1);

        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), events, new RtmpChunkDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(client, 0, C0C1));
        byte[] answer = readOutbound(channel);
        assertThat(answer).hasSize(1 + 2 * PACKET);
        assertThat(answer[0]).isEqualTo((byte) 3);
        byte[] s1 = range(answer, 1, C0C1);
        byte[] s2 = range(answer, C0C1, answer.length);
        assertThat(HandshakePackets.findSchema(s1, HandshakePackets.FMS_KEY, 36)).isEqualTo(1);
        assertThat(s1[4]).as("FFmpeg checks S1 only when its version byte is 3 or more").isGreaterThanOrEqualTo((byte) 3);
        assertThat(s2).isEqualTo(signed(s2, c1));
        assertThat(events.events).isEmpty();

        // FFmpeg sends C2 and its first chunks in one segment.
        channel.writeInbound(Unpooled.wrappedBuffer(client, C0C1, 2000));
        assertThat(events.events).containsExactly(HandshakeCompletedEvent.DIGEST);
        assertThat(channel.pipeline().get(RtmpServerHandshakeHandler.class)).isNull();
        RtmpMessage connect = channel.readInbound();
        assertThat(CommandMessage.decode(connect.typeId(), connect.content()).name()).isEqualTo("connect");
        connect.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void signsLikeNginxRtmpDoes() {
        // nginx-rtmp's S1 and S2 from the same session check out under the same keys and offsets.
        byte[] c1 = range(capture("ffmpeg-publish.c2s.bin"), 1, C0C1);
        byte[] server = capture("ffmpeg-publish.s2c.bin");
        byte[] s1 = range(server, 1, C0C1);
        byte[] s2 = range(server, C0C1, C0C1 + PACKET);
        assertThat(HandshakePackets.findSchema(s1, HandshakePackets.FMS_KEY, 36)).isNotNegative();
        assertThat(s2).isEqualTo(signed(s2, c1));
    }

    @Test
    void echoesC1InTheSimpleHandshake() {
        byte[] c1 = HandshakePackets.randomPacket();
        Arrays.fill(c1, 4, 8, (byte) 0);
        assertSimpleAnswer(c1);
    }

    @Test
    void fallsBackToEchoingWhenTheDigestDoesNotCheckOut() {
        // As nginx-rtmp does: a non-zero version without a valid digest gets the simple handshake.
        byte[] c1 = HandshakePackets.randomPacket();
        c1[4] = 9;
        assertThat(HandshakePackets.findSchema(c1, HandshakePackets.FP_KEY, 30)).isNegative();
        assertSimpleAnswer(c1);
    }

    @Test
    void completesWhenFedOneByteAtATime() {
        byte[] client = range(capture("ffmpeg-play.c2s.bin"), 0, 2 * PACKET + 1 + 16);
        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), events);
        for (byte b : client) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(readOutbound(channel)).hasSize(1 + 2 * PACKET);
        assertThat(events.events).containsExactly(HandshakeCompletedEvent.DIGEST);
        ByteBuf rest = Unpooled.buffer();
        for (ByteBuf in; (in = channel.readInbound()) != null; in.release()) {
            rest.writeBytes(in);
        }
        assertThat(ByteBufUtil.getBytes(rest)).isEqualTo(range(client, 2 * PACKET + 1, client.length));
        assertFalse(channel.finish());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("RTMPE", "06", "RTMPE (C0 version 6)"),
                Arguments.of("HTTP", "474554202f20485454502f312e31", "C0 version 0x47"),
                Arguments.of("TLS", "160301", "C0 version 0x16"),
                Arguments.of("version 0", "00", "C0 version 0x0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesOtherVersionsAtTheFirstByte(String name, String bytes, String message) {
        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), events);
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex(bytes))))
                .isInstanceOf(RtmpHandshakeException.class)
                .hasMessageContaining(message);
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[C0C1]));
        assertThat((Object) channel.readOutbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void waitsQuietlyOnATruncatedHandshake() {
        byte[] client = capture("ffmpeg-publish.c2s.bin");
        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), events);
        channel.writeInbound(Unpooled.wrappedBuffer(client, 0, 1000));
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(client, 1000, C0C1));
        readOutbound(channel);
        assertThat(events.events).isEmpty();
        assertFalse(channel.finish());
    }

    private void assertSimpleAnswer(byte[] c1) {
        EmbeddedChannel channel = alloc.channel(new RtmpServerHandshakeHandler(), events);
        byte[] c0c1c2 = new byte[1 + 2 * PACKET];
        c0c1c2[0] = 3;
        System.arraycopy(c1, 0, c0c1c2, 1, PACKET);
        channel.writeInbound(Unpooled.wrappedBuffer(c0c1c2));
        byte[] answer = readOutbound(channel);
        assertThat(answer[0]).isEqualTo((byte) 3);
        assertThat(range(answer, 5, 9)).containsOnly(0);
        assertThat(range(answer, C0C1, answer.length)).isEqualTo(c1);
        assertThat(events.events).containsExactly(HandshakeCompletedEvent.SIMPLE);
        assertFalse(channel.finish());
    }

    /** The S2 a digest-handshake client expects: S2's first 1504 bytes signed with a key derived from C1's digest. */
    private static byte[] signed(byte[] s2, byte[] c1) {
        int schema = HandshakePackets.findSchema(c1, HandshakePackets.FP_KEY, 30);
        int at = HandshakePackets.digestOffset(c1, schema);
        byte[] expected = s2.clone();
        HandshakePackets.signResponse(expected, range(c1, at, at + 32), HandshakePackets.FMS_KEY);
        return expected;
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
