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

/** Rows are the first ADTS headers ffmpeg 5.1's adts muxer wrote for the same configs and frame lengths. */
class AdtsTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("lc 44.1 kHz mono, 258 bytes", new AudioSpecificConfig(2, 4, 44100, 1), 258,
                        "fff15040213ffc"),
                Arguments.of("lc 48 kHz stereo, 288 bytes", new AudioSpecificConfig(2, 3, 48000, 2), 288,
                        "fff14c8024fffc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void writesWhatFfmpegWrites(String name, AudioSpecificConfig cfg, int rawLength, String header) {
        ByteBuf out = Unpooled.buffer();
        try {
            Adts.writeHeader(out, cfg, rawLength);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(header);
            assertThat(Adts.canCarry(cfg)).isTrue();
        } finally {
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void headerDecodesBackToTheConfig(String name, AudioSpecificConfig cfg, int rawLength, String header) {
        byte[] b = ByteBufUtil.decodeHexDump(header);
        int profile = (b[2] & 0xFF) >> 6;
        int frequencyIndex = ((b[2] & 0xFF) >> 2) & 0x0F;
        int channels = ((b[2] & 0x01) << 2) | ((b[3] & 0xFF) >> 6);
        int frameLength = ((b[3] & 0x03) << 11) | ((b[4] & 0xFF) << 3) | ((b[5] & 0xFF) >> 5);
        assertThat(profile + 1).isEqualTo(cfg.audioObjectType());
        assertThat(frequencyIndex).isEqualTo(cfg.samplingFrequencyIndex());
        assertThat(channels).isEqualTo(cfg.channelConfiguration());
        assertThat(frameLength).isEqualTo(rawLength + Adts.HEADER_LENGTH);
    }

    static Stream<Arguments> uncarriable() {
        return Stream.of(
                Arguments.of("usac", new AudioSpecificConfig(42, 3, 48000, 2), 100, "object type 42"),
                Arguments.of("explicit frequency", new AudioSpecificConfig(2, 15, 48000, 2), 100, "explicit"),
                Arguments.of("program config element", new AudioSpecificConfig(2, 3, 48000, 0), 100,
                        "channel configuration 0"),
                Arguments.of("frame too long", new AudioSpecificConfig(2, 3, 48000, 2), 8185, "exceeds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uncarriable")
    void refusesWhatAdtsCannotCarry(String name, AudioSpecificConfig cfg, int rawLength, String message) {
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> Adts.writeHeader(out, cfg, rawLength)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining(message);
            assertThat(out.isReadable()).isFalse();
        } finally {
            out.release();
        }
    }
}
