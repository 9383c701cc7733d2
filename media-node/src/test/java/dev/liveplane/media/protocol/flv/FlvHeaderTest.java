package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FlvHeaderTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                // What ffmpeg writes for a file with both tracks.
                Arguments.of("audio and video", "464c5601050000000900000000", new FlvHeader(1, true, true)),
                Arguments.of("video only", "464c5601010000000900000000", new FlvHeader(1, false, true)),
                Arguments.of("audio only", "464c5601040000000900000000", new FlvHeader(1, true, false)),
                Arguments.of("no tracks", "464c5601000000000900000000", new FlvHeader(1, false, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void writes(String name, String hex, FlvHeader header) {
        ByteBuf out = Unpooled.buffer();
        try {
            FlvHeader.write(out, header.hasAudio(), header.hasVideo());
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex);
            assertThat(out.readableBytes()).isEqualTo(FlvHeader.LENGTH);
        } finally {
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void reads(String name, String hex, FlvHeader header) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThat(FlvHeader.read(in)).isEqualTo(header);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not FLV", "464c5801050000000900000000", "signature"),
                Arguments.of("version 2", "464c5602050000000900000000", "version 2"),
                Arguments.of("DataOffset lies", "464c5601050000001000000000", "DataOffset"),
                Arguments.of("PreviousTagSize0 not 0", "464c5601050000000900000001", "PreviousTagSize0"),
                Arguments.of("truncated", "464c56010500000009000000", "needs 13 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformed(String name, String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThatThrownBy(() -> FlvHeader.read(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining(message);
        } finally {
            in.release();
        }
    }
}
