package dev.liveplane.media.protocol.rtmp.chunk;

import static dev.liveplane.media.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessageException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RtmpChunkCodecTest {

    /** A message as the golden rows describe it. */
    record Msg(int csid, int typeId, long timestamp, int msid, String payload) {
        Msg {
            payload = payload.replaceAll("\\s+", "");
        }

        static Msg of(RtmpMessage m) {
            return new Msg(m.chunkStreamId(), m.typeId(), m.timestamp(), m.messageStreamId(), hex(m.content()));
        }
    }

    /** A golden row: chunk bytes, the messages they decode to, and whether the encoder writes exactly these bytes. */
    record Row(String name, String hex, List<Msg> messages, boolean canonical) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    static Stream<Row> golden() {
        return Stream.of(
                new Row("type 0, one chunk", "03 000000 000004 14 00000000 01020304",
                        List.of(new Msg(3, 20, 0, 0, "01020304")), true),
                new Row("two-byte basic header, csid 64", "00 00 000010 000001 08 01000000 aa",
                        List.of(new Msg(64, 8, 16, 1, "aa")), true),
                new Row("two-byte basic header, csid 319", "00 ff 000010 000001 08 01000000 aa",
                        List.of(new Msg(319, 8, 16, 1, "aa")), true),
                new Row("three-byte basic header, csid 320", "01 0001 000000 000001 09 01000000 bb",
                        List.of(new Msg(320, 9, 0, 1, "bb")), true),
                new Row("three-byte basic header, csid 65599", "01 ffff 000000 000001 09 01000000 bb",
                        List.of(new Msg(65599, 9, 0, 1, "bb")), true),
                new Row("message across chunks at the default chunk size",
                        "03 000000 0000c8 14 00000000" + rep("ab", 128) + "c3" + rep("cd", 72),
                        List.of(new Msg(3, 20, 0, 0, rep("ab", 128) + rep("cd", 72))), true),
                // RTMP spec 5.3.2.1: type 0, then type 2 with a delta, then type 3 reusing it.
                new Row("spec example 1: same-size audio messages",
                        "03 0003e8 000020 08 39300000" + rep("01", 32) + "83 000014" + rep("02", 32)
                                + "c3" + rep("03", 32) + "c3" + rep("04", 32),
                        List.of(new Msg(3, 8, 1000, 12345, rep("01", 32)), new Msg(3, 8, 1020, 12345, rep("02", 32)),
                                new Msg(3, 8, 1040, 12345, rep("03", 32)), new Msg(3, 8, 1060, 12345, rep("04", 32))),
                        false),
                // RTMP spec 5.3.2.2: one 307-byte message in three chunks.
                new Row("spec example 2: message spanning chunks",
                        "04 0003e8 000133 09 3a300000" + rep("11", 128) + "c4" + rep("22", 128) + "c4" + rep("33", 51),
                        List.of(new Msg(4, 9, 1000, 12346, rep("11", 128) + rep("22", 128) + rep("33", 51))), true),
                new Row("type 1 starts a message with a new length and type",
                        "03 000000 000002 08 01000000 0102 43 00000a 000003 09 030405",
                        List.of(new Msg(3, 8, 0, 1, "0102"), new Msg(3, 9, 10, 1, "030405")), false),
                new Row("type 3 after type 0 reuses the type-0 timestamp as delta (spec 5.3.1.2.4)",
                        "03 000064 000001 08 01000000 aa c3 bb",
                        List.of(new Msg(3, 8, 100, 1, "aa"), new Msg(3, 8, 200, 1, "bb")), false),
                new Row("interleaved chunk streams",
                        "06 000000 0000c8 09 01000000" + rep("76", 128) + "04 000000 00000a 08 01000000" + rep("61", 10)
                                + "c6" + rep("77", 72),
                        List.of(new Msg(4, 8, 0, 1, rep("61", 10)), new Msg(6, 9, 0, 1, rep("76", 128) + rep("77", 72))),
                        false),
                new Row("extended timestamp on type 0", "03 ffffff 000004 08 01000000 01000000 01020304",
                        List.of(new Msg(3, 8, 0x0100_0000L, 1, "01020304")), true),
                // FFmpeg, OBS and Flash repeat the extended timestamp on type-3 continuation chunks.
                new Row("extended timestamp repeated on continuation chunks",
                        "03 ffffff 000082 09 01000000 01000000" + rep("ab", 128) + "c3 01000000 abab",
                        List.of(new Msg(3, 9, 0x0100_0000L, 1, rep("ab", 130))), true),
                new Row("extended timestamp left out of continuation chunks",
                        "03 ffffff 000082 09 01000000 01000000" + rep("ab", 128) + "c3 abab"
                                + "04 000000 000001 08 01000000 cc",
                        List.of(new Msg(3, 9, 0x0100_0000L, 1, rep("ab", 130)), new Msg(4, 8, 0, 1, "cc")), false),
                // The shape of ffmpeg-publish-extended-timestamp.c2s.bin: sequence header at 0, then a huge delta.
                new Row("extended delta on type 1, then on a type-3 message",
                        "04 000000 000001 08 01000000 aa 44 ffffff 000001 08 01005900 bb c4 01005900 cc",
                        List.of(new Msg(4, 8, 0, 1, "aa"), new Msg(4, 8, 16_800_000, 1, "bb"),
                                new Msg(4, 8, 33_600_000, 1, "cc")), false),
                new Row("timestamps wrap at 2^32", "03 ffffff 000001 08 01000000 ffffffff aa 83 000002 bb",
                        List.of(new Msg(3, 8, 0xFFFF_FFFFL, 1, "aa"), new Msg(3, 8, 1, 1, "bb")), false),
                new Row("SetChunkSize applies to the next chunk",
                        "02 000000 000004 01 00000000 00000100 03 000000 0000c8 14 00000000" + rep("ab", 200),
                        List.of(new Msg(2, 1, 0, 0, "00000100"), new Msg(3, 20, 0, 0, rep("ab", 200))), true),
                new Row("Abort drops the half-assembled message",
                        "06 000000 0000c8 09 01000000" + rep("ab", 128) + "02 000000 000004 02 00000000 00000006"
                                + "06 000000 000001 09 01000000 dd",
                        List.of(new Msg(2, 2, 0, 0, "00000006"), new Msg(6, 9, 0, 1, "dd")), false),
                // librtmp's first user control message opens chunk stream 2 with a type-1 header (SRS issue 98).
                new Row("type 1 on a fresh chunk stream (librtmp ping)", "42 000000 000006 04 000600000d0f",
                        List.of(new Msg(2, 4, 0, 0, "000600000d0f")), false),
                new Row("zero-length message", "03 000000 000000 12 01000000",
                        List.of(new Msg(3, 18, 0, 1, "")), true));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("type 2 on a fresh chunk stream", "83 000014 aa", RtmpChunkException.class,
                        "type-2 chunk on chunk stream 3 before any header"),
                Arguments.of("type 3 on a fresh chunk stream", "c3 aa", RtmpChunkException.class,
                        "type-3 chunk on chunk stream 3 before any header"),
                Arguments.of("SetChunkSize 0", "02 000000 000004 01 00000000 00000000", RtmpMessageException.class,
                        "SetChunkSize to 0"),
                Arguments.of("SetChunkSize above 16 MiB", "02 000000 000004 01 00000000 01000001",
                        RtmpChunkException.class, "peer chunk size 16777217 exceeds"),
                Arguments.of("message longer than the limit", "03 000000 800001 09 01000000",
                        RtmpChunkException.class, "message of 8388609 bytes"),
                Arguments.of("type 0 in the middle of a message",
                        "03 000000 0000c8 09 01000000" + rep("ab", 128) + "03 000000 000001 09 01000000 aa",
                        RtmpChunkException.class, "only type-3 chunks continue a message"),
                Arguments.of("Abort too short", "02 000000 000002 02 00000000 0000", RtmpMessageException.class,
                        "Abort payload needs 4 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodes(Row row) {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(hex(row.hex())));
        assertThat(readMessages(channel)).containsExactlyElementsOf(row.messages());
        assertThat(channel.pipeline().get(RtmpChunkDecoder.class).bytesRead()).isEqualTo(hex(row.hex()).length);
        assertFalse(channel.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodesOneByteAtATime(Row row) {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        for (byte b : hex(row.hex())) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(readMessages(channel)).containsExactlyElementsOf(row.messages());
        assertFalse(channel.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void encodes(Row row) {
        if (!row.canonical()) {
            return;
        }
        EmbeddedChannel channel = alloc.channel(new RtmpChunkEncoder());
        for (Msg m : row.messages()) {
            channel.writeOutbound(new RtmpMessage(m.csid(), m.typeId(), m.timestamp(), m.msid(),
                    Unpooled.wrappedBuffer(hex(m.payload()))));
        }
        StringBuilder written = new StringBuilder();
        for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
            written.append(hex(out));
        }
        assertThat(written.toString()).isEqualTo(row.hex().replaceAll("\\s+", ""));
        assertFalse(channel.finish());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedChunkStreams(String name, String hex, Class<? extends ProtocolException> type,
            String message) {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex(hex))))
                .isInstanceOf(type)
                .hasMessageContaining(message);
        // Once failed, the decoder drops the rest of the connection's bytes.
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(hex("03 000000 000001 08 01000000 aa"))));
        channel.finishAndReleaseAll();
    }

    @Test
    void honoursAConfiguredMessageLengthLimit() {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder(1000));
        ByteBuf longest = Unpooled.buffer();
        RtmpChunkWriter.write(longest, 3, 9, 0, 1, Unpooled.wrappedBuffer(new byte[1000]), 128);
        channel.writeInbound(longest);
        RtmpMessage message = channel.readInbound();
        assertThat(message.content().readableBytes()).isEqualTo(1000);
        message.release();
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(hex("04 000000 0003e9 09 01000000"))))
                .isInstanceOf(RtmpChunkException.class)
                .hasMessageContaining("exceeds the 1000-byte limit");
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesMoreThan64HalfAssembledMessages() {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        for (int csid = 3; csid < 3 + RtmpChunkDecoder.MAX_PARTIAL_MESSAGES; csid++) {
            channel.writeInbound(halfMessage(csid));
        }
        assertThatThrownBy(() -> channel.writeInbound(halfMessage(3 + RtmpChunkDecoder.MAX_PARTIAL_MESSAGES)))
                .isInstanceOf(RtmpChunkException.class)
                .hasMessageContaining("more than 64 chunk streams with a message half assembled");
        // The partial payloads are released when the channel closes.
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesMoreThan256ChunkStreams() {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        ByteBuf in = Unpooled.buffer();
        for (int csid = 64; csid < 64 + RtmpChunkDecoder.MAX_CHUNK_STREAMS + 1; csid++) {
            RtmpChunkWriter.write(in, csid, 8, 0, 1, Unpooled.EMPTY_BUFFER, 128);
        }
        assertThatThrownBy(() -> channel.writeInbound(in))
                .isInstanceOf(RtmpChunkException.class)
                .hasMessageContaining("more than 256 chunk streams");
        channel.finishAndReleaseAll();
    }

    @Test
    void releasesHalfAssembledMessagesWhenRemoved() {
        EmbeddedChannel channel = alloc.channel(new RtmpChunkDecoder());
        channel.writeInbound(halfMessage(5));
        channel.pipeline().removeFirst();
        assertFalse(channel.finish());
    }

    @Test
    void encoderSwitchesChunkSizeAfterWritingSetChunkSize() {
        RtmpChunkEncoder encoder = new RtmpChunkEncoder();
        EmbeddedChannel channel = alloc.channel(encoder);
        assertThat(encoder.chunkSize()).isEqualTo(128);
        channel.writeOutbound(new RtmpMessage(2, 1, 0, 0, Unpooled.wrappedBuffer(hex("00001000"))));
        assertThat(encoder.chunkSize()).isEqualTo(4096);
        channel.finishAndReleaseAll();
    }

    private static ByteBuf halfMessage(int csid) {
        ByteBuf in = Unpooled.buffer();
        RtmpChunkWriter.write(in, csid, 9, 0, 1, Unpooled.wrappedBuffer(new byte[200]), 128);
        return in.writerIndex(RtmpChunkWriter.encodedLength(csid, 0, 128, 128));
    }

    private static List<Msg> readMessages(EmbeddedChannel channel) {
        List<Msg> messages = new ArrayList<>();
        for (RtmpMessage m; (m = channel.readInbound()) != null; m.release()) {
            messages.add(Msg.of(m));
        }
        return messages;
    }

    static String rep(String byteHex, int count) {
        return " " + byteHex.repeat(count) + " ";
    }
}
