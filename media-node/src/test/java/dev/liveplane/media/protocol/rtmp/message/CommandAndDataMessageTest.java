package dev.liveplane.media.protocol.rtmp.message;

import static dev.liveplane.media.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.protocol.ProtocolException;
import dev.liveplane.media.protocol.amf0.AmfException;
import dev.liveplane.media.protocol.amf0.Amf0EcmaArray;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandAndDataMessageTest {

    /** A golden row: payload, type id, decoded message, and whether the AMF0 encoder gives the same bytes back. */
    record Row(String name, int typeId, String hex, Object message, boolean encodesBack) {
        @Override
        public String toString() {
            return name;
        }
    }

    // Payloads below marked ffmpeg or nginx are taken from the captures under rtmp/captures.
    private static final String FFMPEG_PUBLISH_CONNECT = "020007636f6e6e656374003ff00000000000000300036170700200046c"
            + "69766500047479706502000a6e6f6e707269766174650008666c617368566572020024464d4c452f332e302028636f6d70617469"
            + "626c653b204c61766635392e32372e313030290005746355726c02001b72746d703a2f2f3132372e302e302e313a31393335312f"
            + "6c697665000009";
    private static final String FFMPEG_PLAY_CONNECT = "020007636f6e6e656374003ff00000000000000300036170700200046c6976"
            + "650008666c61736856657202000d4c4e5820392c302c3132342c320005746355726c02001b72746d703a2f2f3132372e302e302e"
            + "313a31393335312f6c6976650004667061640100000c6361706162696c697469657300402e000000000000000b617564696f436f"
            + "646563730040afce0000000000000b766964656f436f6465637300406f800000000000000d766964656f46756e6374696f6e003f"
            + "f0000000000000000009";
    private static final String NGINX_CONNECT_RESULT = "0200075f726573756c74003ff0000000000000030006666d735665720200"
            + "0d464d532f332c302c312c313233000c6361706162696c697469657300403f0000000000000000090300056c6576656c02000673"
            + "7461747573000"
            + "4636f646502001d4e6574436f6e6e656374696f6e2e436f6e6e6563742e53756363657373000b6465736372697074696f6e0200"
            + "15436f6e6e656374696f6e207375636365656465642e000e6f626a656374456e636f64696e67000000000000000000000009";
    private static final String FFMPEG_SET_DATA_FRAME = ""
            + "02000d40736574446174614672616d6502000a6f6e4d65746144617461080000000d00086475726174696f6e0040100000000000"
            + "00000577696474680040580000000000000006686569676874004050000000000000000d766964656f646174617261746500403d"
            + "4c000000000000096672616d6572617465004024000000000000000c766964656f636f646563696400401c000000000000000d61"
            + "7564696f6461746172617465004037700000000000000f617564696f73616d706c65726174650040d5888000000000000f617564"
            + "696f73616d706c6573697a65004030000000000000000673746572656f0100000c617564696f636f646563696400402400000000"
            + "00000007656e636f64657202000d4c61766635392e32372e313030000866696c6573697a65000000000000000000000009";

    static Stream<Row> golden() {
        return Stream.of(
                new Row("connect (ffmpeg publish)", MessageType.COMMAND_AMF0, FFMPEG_PUBLISH_CONNECT,
                        new CommandMessage("connect", 1, map("app", "live", "type", "nonprivate",
                                "flashVer", "FMLE/3.0 (compatible; Lavf59.27.100)",
                                "tcUrl", "rtmp://127.0.0.1:19351/live"), List.of()), true),
                new Row("connect (ffmpeg play)", MessageType.COMMAND_AMF0, FFMPEG_PLAY_CONNECT,
                        new CommandMessage("connect", 1, map("app", "live", "flashVer", "LNX 9,0,124,2",
                                "tcUrl", "rtmp://127.0.0.1:19351/live", "fpad", false, "capabilities", 15.0,
                                "audioCodecs", 4071.0, "videoCodecs", 252.0, "videoFunction", 1.0), List.of()), true),
                new Row("releaseStream (ffmpeg)", MessageType.COMMAND_AMF0,
                        "02000d72656c6561736553747265616d0040000000000000000502000474657374",
                        new CommandMessage("releaseStream", 2, null, List.of("test")), true),
                new Row("FCPublish (ffmpeg)", MessageType.COMMAND_AMF0,
                        "02000946435075626c6973680040080000000000000502000474657374",
                        new CommandMessage("FCPublish", 3, null, List.of("test")), true),
                new Row("createStream (ffmpeg)", MessageType.COMMAND_AMF0,
                        "02000c63726561746553747265616d00401000000000000005",
                        new CommandMessage("createStream", 4, null, List.of()), true),
                new Row("publish (ffmpeg)", MessageType.COMMAND_AMF0,
                        "0200077075626c69736800401400000000000005020004746573740200046c697665",
                        new CommandMessage("publish", 5, null, List.of("test", "live")), true),
                new Row("play (ffmpeg)", MessageType.COMMAND_AMF0,
                        "020004706c6179004010000000000000050200047465737400c09f400000000000",
                        new CommandMessage("play", 4, null, List.of("test", -2000.0)), true),
                new Row("deleteStream (ffmpeg)", MessageType.COMMAND_AMF0,
                        "02000c64656c65746553747265616d00401400000000000005003ff0000000000000",
                        new CommandMessage("deleteStream", 5, null, List.of(1.0)), true),
                new Row("_result of connect (nginx)", MessageType.COMMAND_AMF0, NGINX_CONNECT_RESULT,
                        new CommandMessage("_result", 1, map("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0),
                                List.of(map("level", "status", "code", "NetConnection.Connect.Success",
                                        "description", "Connection succeeded.", "objectEncoding", 0.0))), true),
                new Row("_result of createStream (nginx)", MessageType.COMMAND_AMF0,
                        "0200075f726573756c7400400000000000000005003ff0000000000000",
                        new CommandMessage("_result", 2, null, List.of(1.0)), true),
                new Row("onStatus Play.Start (nginx)", MessageType.COMMAND_AMF0,
                        "0200086f6e537461747573000000000000000000050300056c6576656c0200067374617475730004636f64650200"
                                + "144e657453747265616d2e506c61792e5374617274000b6465736372697074696f6e02000a5374617274"
                                + "206c697665000009",
                        new CommandMessage("onStatus", 0, null, List.of(map("level", "status",
                                "code", "NetStream.Play.Start", "description", "Start live"))), true),
                new Row("name only", MessageType.COMMAND_AMF0, "020004706c6179",
                        new CommandMessage("play", 0, null, List.of()), false),
                // Type 17: a format selector byte, then AMF0 values that may switch to AMF3.
                new Row("AMF3 command connect", MessageType.COMMAND_AMF3,
                        "00 020007636f6e6e656374 003ff0000000000000 110a0b01 07617070 06096c697665 01",
                        new CommandMessage("connect", 1, map("app", "live"), List.of()), false),
                new Row("@setDataFrame onMetaData (ffmpeg)", MessageType.DATA_AMF0, FFMPEG_SET_DATA_FRAME,
                        new DataMessage(List.of("@setDataFrame", "onMetaData", new Amf0EcmaArray(map(
                                "duration", 4.0, "width", 96.0, "height", 64.0, "videodatarate", 29.296875,
                                "framerate", 10.0, "videocodecid", 7.0, "audiodatarate", 23.4375,
                                "audiosamplerate", 22050.0, "audiosamplesize", 16.0, "stereo", false,
                                "audiocodecid", 10.0, "encoder", "Lavf59.27.100", "filesize", 0.0)))), true),
                new Row("|RtmpSampleAccess (nginx)", MessageType.DATA_AMF0,
                        "0200117c52746d7053616d706c6541636365737301010101",
                        new DataMessage(List.of("|RtmpSampleAccess", true, true)), true),
                new Row("AMF3 data onMetaData", MessageType.DATA_AMF3,
                        "00 02000a6f6e4d65746144617461 110a0b01 0b7769647468 0440 01",
                        new DataMessage(List.of("onMetaData", map("width", 64))), false));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty command", MessageType.COMMAND_AMF0, "", RtmpMessageException.class),
                Arguments.of("command starting with a number", MessageType.COMMAND_AMF0, "003ff0000000000000",
                        RtmpMessageException.class),
                Arguments.of("string transaction id", MessageType.COMMAND_AMF0, "02000161020001 62",
                        RtmpMessageException.class),
                Arguments.of("bad AMF in arguments", MessageType.COMMAND_AMF0, "020001610000000000000000000012",
                        AmfException.class),
                Arguments.of("truncated data", MessageType.DATA_AMF0, "02000a6f6e4d657461", AmfException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodes(Row row) {
        ByteBuf payload = Unpooled.wrappedBuffer(hex(row.hex()));
        Object decoded = row.message() instanceof CommandMessage
                ? CommandMessage.decode(row.typeId(), payload)
                : DataMessage.decode(row.typeId(), payload);
        assertThat(decoded).isEqualTo(row.message());
        assertThat(payload.readerIndex()).as("reader index").isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void encodes(Row row) {
        if (!row.encodesBack()) {
            return;
        }
        RtmpMessage message = row.message() instanceof CommandMessage command
                ? command.toMessage(UnpooledByteBufAllocator.DEFAULT, 3, 1)
                : ((DataMessage) row.message()).toMessage(UnpooledByteBufAllocator.DEFAULT, 4, 40, 1);
        try {
            assertThat(hex(message.content())).isEqualTo(hex(Unpooled.wrappedBuffer(hex(row.hex()))));
            assertThat(message.typeId()).isEqualTo(row.typeId());
            assertThat(message.messageStreamId()).isEqualTo(1);
        } finally {
            message.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedPayloads(String name, int typeId, String hex, Class<? extends ProtocolException> type) {
        ByteBuf payload = Unpooled.wrappedBuffer(hex(hex));
        assertThatThrownBy(() -> {
            if (typeId == MessageType.DATA_AMF0) {
                DataMessage.decode(typeId, payload);
            } else {
                CommandMessage.decode(typeId, payload);
            }
        }).isInstanceOf(type);
    }

    @Test
    void refusesTypesThatAreNotCommandsOrData() {
        assertThatThrownBy(() -> CommandMessage.decode(MessageType.AUDIO, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataMessage.decode(MessageType.COMMAND_AMF0, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsNullArguments() {
        CommandMessage command = new CommandMessage("onStatus", 0, null, Arrays.asList(null, "x"));
        assertThat(command.arguments()).containsExactly(null, "x");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
