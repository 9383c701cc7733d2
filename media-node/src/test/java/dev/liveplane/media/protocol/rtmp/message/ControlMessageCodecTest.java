package dev.liveplane.media.protocol.rtmp.message;

import static dev.liveplane.media.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.protocol.rtmp.message.SetPeerBandwidth.LimitType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ControlMessageCodecTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    /** One golden row: a payload, its type id, the message it decodes to, and how to decode and encode it. */
    record Row(String name, int typeId, String hex, Object message, Function<ByteBuf, Object> decoder,
            Function<Object, RtmpMessage> encoder) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> golden() {
        return Stream.of(
                // Rows marked "nginx" or "ffmpeg" are payloads from the captures under rtmp/captures.
                row("SetChunkSize 4096 (ffmpeg)", MessageType.SET_CHUNK_SIZE, "00001000", new SetChunkSize(4096),
                        SetChunkSize::decode, m -> ((SetChunkSize) m).toMessage(ALLOC)),
                row("SetChunkSize max", MessageType.SET_CHUNK_SIZE, "7fffffff", new SetChunkSize(Integer.MAX_VALUE),
                        SetChunkSize::decode, m -> ((SetChunkSize) m).toMessage(ALLOC)),
                row("Abort", MessageType.ABORT, "00000004", new Abort(4),
                        Abort::decode, m -> ((Abort) m).toMessage(ALLOC)),
                row("Acknowledgement", MessageType.ACKNOWLEDGEMENT, "fffffffe", new Acknowledgement(0xFFFFFFFEL),
                        Acknowledgement::decode, m -> ((Acknowledgement) m).toMessage(ALLOC)),
                row("WindowAckSize 5000000 (nginx, ffmpeg)", MessageType.WINDOW_ACK_SIZE, "004c4b40",
                        new WindowAckSize(5_000_000), WindowAckSize::decode, m -> ((WindowAckSize) m).toMessage(ALLOC)),
                row("SetPeerBandwidth dynamic (nginx)", MessageType.SET_PEER_BANDWIDTH, "004c4b4002",
                        new SetPeerBandwidth(5_000_000, LimitType.DYNAMIC), SetPeerBandwidth::decode,
                        m -> ((SetPeerBandwidth) m).toMessage(ALLOC)),
                row("SetPeerBandwidth hard", MessageType.SET_PEER_BANDWIDTH, "0000100000",
                        new SetPeerBandwidth(4096, LimitType.HARD), SetPeerBandwidth::decode,
                        m -> ((SetPeerBandwidth) m).toMessage(ALLOC)),
                userControl("StreamBegin 1 (nginx)", "000000000001", UserControl.streamBegin(1)),
                userControl("StreamEOF 1 (nginx)", "000100000001", UserControl.streamEof(1)),
                userControl("StreamDry", "000200000001", UserControl.streamDry(1)),
                userControl("SetBufferLength 1 3000 ms (ffmpeg)", "00030000000100000bb8",
                        UserControl.setBufferLength(1, 3000)),
                userControl("StreamIsRecorded", "000400000001", UserControl.streamIsRecorded(1)),
                userControl("PingRequest", "0006ffffffff", UserControl.pingRequest(0xFFFFFFFFL)),
                userControl("PingResponse", "000700001234", UserControl.pingResponse(0x1234)));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("SetChunkSize too short", (Runnable) () -> SetChunkSize.decode(buf("000010")),
                        "needs 4 bytes"),
                Arguments.of("SetChunkSize 0", (Runnable) () -> SetChunkSize.decode(buf("00000000")), "1..2147483647"),
                Arguments.of("SetChunkSize with bit 31 set", (Runnable) () -> SetChunkSize.decode(buf("80000080")),
                        "2147483776"),
                Arguments.of("Abort too short", (Runnable) () -> Abort.decode(buf("00")), "needs 4 bytes"),
                Arguments.of("Acknowledgement empty", (Runnable) () -> Acknowledgement.decode(buf("")),
                        "needs 4 bytes"),
                Arguments.of("WindowAckSize too short", (Runnable) () -> WindowAckSize.decode(buf("004c4b")),
                        "needs 4 bytes"),
                Arguments.of("SetPeerBandwidth without limit type",
                        (Runnable) () -> SetPeerBandwidth.decode(buf("004c4b40")), "needs 5 bytes"),
                Arguments.of("SetPeerBandwidth limit type 3",
                        (Runnable) () -> SetPeerBandwidth.decode(buf("004c4b4003")), "limit type 3"),
                Arguments.of("UserControl too short", (Runnable) () -> UserControl.decode(buf("00000000")),
                        "needs 6 bytes"),
                Arguments.of("SetBufferLength without length",
                        (Runnable) () -> UserControl.decode(buf("000300000001")), "needs 10 bytes"),
                Arguments.of("UserControl SWF verification request",
                        (Runnable) () -> UserControl.decode(buf("001a00000000")), "event type 26"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodes(Row row) {
        ByteBuf payload = buf(row.hex());
        assertThat(row.decoder().apply(payload)).isEqualTo(row.message());
        assertThat(payload.readerIndex()).as("reader index").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void encodes(Row row) {
        RtmpMessage message = row.encoder().apply(row.message());
        try {
            assertThat(hex(message.content())).isEqualTo(row.hex());
            assertThat(message.typeId()).isEqualTo(row.typeId());
            assertThat(message.chunkStreamId()).isEqualTo(2);
            assertThat(message.messageStreamId()).isZero();
            assertThat(message.timestamp()).isZero();
        } finally {
            message.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedPayloads(String name, Runnable decode, String message) {
        assertThatThrownBy(decode::run).isInstanceOf(RtmpMessageException.class).hasMessageContaining(message);
    }

    private static Row row(String name, int typeId, String hex, Object message, Function<ByteBuf, Object> decoder,
            Function<Object, RtmpMessage> encoder) {
        return new Row(name, typeId, hex, message, decoder, encoder);
    }

    private static Row userControl(String name, String hex, UserControl message) {
        return row(name, MessageType.USER_CONTROL, hex, message, UserControl::decode,
                m -> ((UserControl) m).toMessage(ALLOC));
    }

    private static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(hex(hex));
    }
}
