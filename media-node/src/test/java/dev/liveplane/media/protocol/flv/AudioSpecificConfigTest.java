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

class AudioSpecificConfigTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                // ffmpeg's native AAC encoder: LC 44.1 kHz mono, then the SBR sync extension (0x2b7, SBR absent).
                Arguments.of("ffmpeg lc 44.1 kHz mono", "120856e500", new AudioSpecificConfig(2, 4, 44100, 1)),
                Arguments.of("lc 48 kHz stereo", "1190", new AudioSpecificConfig(2, 3, 48000, 2)),
                // Explicit SBR: object type 5, core 24 kHz, extension 48 kHz, then the underlying LC.
                Arguments.of("he-aac explicit", "2b1188", new AudioSpecificConfig(2, 6, 24000, 2)),
                Arguments.of("explicit 48 kHz", "17805dc010", new AudioSpecificConfig(2, 15, 48000, 2)),
                // Escaped object type 42 (USAC): 31, then 6 bits of 42 - 32.
                Arguments.of("escaped object type", "f94640", new AudioSpecificConfig(42, 3, 48000, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void parses(String name, String hex, AudioSpecificConfig expected) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThat(AudioSpecificConfig.parse(in)).isEqualTo(expected);
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", "truncated"),
                Arguments.of("one byte", "12", "truncated"),
                Arguments.of("object type 0", "0008", "object type 0"),
                Arguments.of("reserved frequency index 13", "1688", "reserved samplingFrequencyIndex 13"),
                Arguments.of("explicit frequency 0", "1780000000", "sampling frequency 0"),
                Arguments.of("nested SBR", "2b1194", "nests SBR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformed(String name, String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThatThrownBy(() -> AudioSpecificConfig.parse(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining(message);
        } finally {
            in.release();
        }
    }
}
