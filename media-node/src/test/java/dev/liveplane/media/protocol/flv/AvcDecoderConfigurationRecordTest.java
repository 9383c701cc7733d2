package dev.liveplane.media.protocol.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rows are AVC sequence headers from libx264 via ffmpeg 5.1 (see the fuzz seed corpus, which holds the same bytes). */
class AvcDecoderConfigurationRecordTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("high-320x240", 100, 13, 320, 240,
                        "6764000dacd94141fb011000000300100000030320f1429960", "68ebe3cb22c0"),
                // High 4:4:4 Predictive: chroma_format_idc 3, what testsrc's RGB input gives without -pix_fmt.
                Arguments.of("high444-320x240", 244, 13, 320, 240,
                        "67f4000d919b28283f6022000003000200000300641e28532c", "68ebe3c44844"),
                // 1088 coded rows cropped to 1080 (frame_crop_bottom_offset 4 in 2-row units).
                Arguments.of("high-1920x1080", 100, 40, 1920, 1080,
                        "67640028acd940780227e5c044000003000400000300c83c60c658", "68ebe3cb22c0"),
                Arguments.of("baseline-1280x720", 66, 31, 1280, 720,
                        "6742c01fd9005005bb011000000300100000030320f1832480", "68cb83cb20"),
                // frame_mbs_only_flag 0: map units are field macroblock pairs, crop units 4 rows.
                Arguments.of("high-interlaced-1920x1080", 100, 40, 1920, 1080,
                        "67640028acd94078044fde0220000003002000000643e2c5b2c0", "68fba3cb22c0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void parsesFfmpegSequenceHeaders(String name, int profile, int level, int width, int height, String sps,
            String pps) {
        ByteBuf in = Unpooled.wrappedBuffer(FlvTagCodecTest.fixture(
                "AvcDecoderConfigurationRecordFuzzTestInputs/parse/" + name));
        try {
            AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(in);
            assertThat(record.profileIdc()).isEqualTo(profile);
            assertThat(record.levelIdc()).isEqualTo(level);
            assertThat(record.nalLengthSize()).isEqualTo(4);
            assertThat(record.width()).isEqualTo(width);
            assertThat(record.height()).isEqualTo(height);
            assertThat(record.sequenceParameterSets()).hasSize(1);
            assertThat(ByteBufUtil.hexDump(record.sequenceParameterSets().get(0))).isEqualTo(sps);
            assertThat(record.pictureParameterSets()).hasSize(1);
            assertThat(ByteBufUtil.hexDump(record.pictureParameterSets().get(0))).isEqualTo(pps);
            assertThat(in.readerIndex()).isZero();
        } finally {
            in.release();
        }
    }

    @Test
    void refusesEveryTruncation() {
        byte[] whole = FlvTagCodecTest.fixture("AvcDecoderConfigurationRecordFuzzTestInputs/parse/high-320x240");
        // The last 4 bytes are the High-profile chroma extension the parser does not need.
        int needed = whole.length - 4;
        for (int length = 0; length < needed; length++) {
            ByteBuf in = Unpooled.wrappedBuffer(whole, 0, length);
            try {
                assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(in))
                        .as("first %d bytes", length).isInstanceOf(FlvFormatException.class);
            } finally {
                in.release();
            }
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("version 0", "0064000dff", "version 0"),
                Arguments.of("3-byte NAL lengths", "0164000dfee1", "NAL length size 3"),
                Arguments.of("SPS length runs past the end", "0164000dffe100ff6764", "SPS needs 255 bytes, 2 left"),
                Arguments.of("no SPS", "0164000dffe00100046868686800", "0 SPS and 1 PPS"),
                Arguments.of("PPS where the SPS belongs", "0164000dffe1000168", "SPS entry holds NAL unit type 8"),
                Arguments.of("empty SPS", "0164000dffe10000", "empty SPS"),
                Arguments.of("SPS cut inside its fields", "0164000dffe1000467640000010001" + "68",
                        "SPS ends in the middle of a field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedRecords(String name, String hex, String message) {
        ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThatThrownBy(() -> AvcDecoderConfigurationRecord.parse(in)).isInstanceOf(FlvFormatException.class)
                    .hasMessageContaining(message);
        } finally {
            in.release();
        }
    }
}
