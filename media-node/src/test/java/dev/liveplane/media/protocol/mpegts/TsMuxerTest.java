package dev.liveplane.media.protocol.mpegts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.protocol.flv.AudioSpecificConfig;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import dev.liveplane.media.protocol.mpegts.TsReader.Packet;
import dev.liveplane.media.protocol.mpegts.TsReader.Pes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TsMuxerTest {

    private static final String STUFFING = "ff".repeat(188);
    /** ffmpeg 5.1 {@code -c copy -f mpegts} of the FLV fixture: its PAT, and its PMT for H.264 with AAC or MP3. */
    private static final String FFMPEG_PAT = pad("474000100000b00d0001c100000001f0002ab104b2");
    private static final String FFMPEG_PMT_AAC = pad("475000100002b0170001c10000e100f0001be100f0000fe101f0002f44b99b");
    private static final String FFMPEG_PMT_MP3 = pad("475000100002b0170001c10000e100f0001be100f00003e101f0004e593d1e");
    private static final AudioSpecificConfig AAC_LC_44K_MONO = new AudioSpecificConfig(2, 4, 44100, 1);
    private static final String AUD = "0000000109f0";

    private final TsMuxer muxer = new TsMuxer();
    private final TsReader reader = new TsReader();
    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void releaseOutput() {
        out.release();
    }

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of(AudioCodec.AAC, FFMPEG_PMT_AAC),
                Arguments.of(AudioCodec.MP3, FFMPEG_PMT_MP3));
    }

    @ParameterizedTest
    @MethodSource("tables")
    void writesTheTablesFfmpegWrites(AudioCodec codec, String pmt) {
        muxer.writeTables(out, true, true, codec);
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo(FFMPEG_PAT + pmt);
        assertThat(out.readableBytes()).isEqualTo(TsMuxer.TABLES_LENGTH);
    }

    @Test
    void audioOnlyTablesCarryThePcrOnTheAudioPid() {
        muxer.writeTables(out, false, true, AudioCodec.AAC);
        List<Packet> packets = reader.packets(out);
        byte[] pmt = packets.get(1).payload();
        int sectionLength = ((pmt[2] & 0x0F) << 8) | (pmt[3] & 0xFF);
        assertThat(sectionLength).isEqualTo(9 + 5 + 4);
        assertThat(((pmt[9] & 0x1F) << 8) | (pmt[10] & 0xFF)).as("PCR_PID").isEqualTo(TsMuxer.AUDIO_PID);
        assertThat(pmt[13] & 0xFF).as("stream_type").isEqualTo(0x0F);
        assertSectionCrcHolds(packets.get(0).payload());
        assertSectionCrcHolds(pmt);
    }

    @Test
    void countsContinuityAndVersionsThePmtWhenTheLayoutChanges() {
        muxer.writeTables(out, true, false, null);
        muxer.writeTables(out, true, false, null);
        muxer.writeTables(out, true, true, AudioCodec.AAC);
        List<Packet> packets = reader.packets(out); // checks the continuity counters per PID
        assertThat(packets).extracting(Packet::continuityCounter).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(version(packets.get(1).payload())).isZero();
        assertThat(version(packets.get(3).payload())).isZero();
        assertThat(version(packets.get(5).payload())).isEqualTo(1);
        packets.forEach(p -> assertSectionCrcHolds(p.payload()));
    }

    @Test
    void writesAKeyframeAsAnnexBWithAudAndParameterSets() {
        AvcDecoderConfigurationRecord cfg = avcConfig();
        ByteBuf avcc = avcc("06050102", "65888400aabbcc");
        try {
            muxer.writeVideo(out, 0, 80, true, avcc, cfg);
        } finally {
            avcc.release();
        }
        String sps = ByteBufUtil.hexDump(cfg.sequenceParameterSets().get(0));
        String pps = ByteBufUtil.hexDump(cfg.pictureParameterSets().get(0));
        String annexB = AUD + "00000001" + sps + "00000001" + pps + "0000000106050102" + "0000000165888400aabbcc";
        List<Packet> packets = reader.packets(out);
        assertThat(packets).hasSize(1);
        // adaptation field: 100 bytes (184 minus the 83-byte PES minus the length byte), flags random_access|PCR,
        // PCR base 0, then stuffing
        assertThat(ByteBufUtil.hexDump(out, 0, 12)).isEqualTo("47410030" + "64" + "50" + "000000007e00");
        Pes pes = TsReader.pes(packets, TsMuxer.VIDEO_PID).get(0);
        assertThat(pes.streamId()).isEqualTo(0xE0);
        assertThat(pes.dataAligned()).isTrue();
        assertThat(pes.randomAccess()).isTrue();
        assertThat(pes.pcr()).isZero();
        // DTS 0 and PTS 80 ms, each 0.7 s after the PCR: 63000 and 70200 at 90 kHz
        assertThat(pes.dts()).isEqualTo(63_000);
        assertThat(pes.pts()).isEqualTo(70_200);
        String header = ByteBufUtil.hexDump(out, 4 + 184 - annexB.length() / 2 - 19, 19);
        assertThat(header).isEqualTo("000001e0" + String.format("%04x", 13 + annexB.length() / 2) + "84c00a"
                + "3100052471" + "110003ec31");
        assertThat(ByteBufUtil.hexDump(pes.data())).isEqualTo(annexB);
    }

    @Test
    void writesAnInterFrameWithoutParameterSetsOrRandomAccess() {
        ByteBuf avcc = avcc("419a246c");
        try {
            muxer.writeVideo(out, 40_000, 0, false, avcc, avcConfig());
        } finally {
            avcc.release();
        }
        Pes pes = TsReader.pes(reader.packets(out), TsMuxer.VIDEO_PID).get(0);
        assertThat(pes.randomAccess()).isFalse();
        assertThat(pes.pcr()).isEqualTo(40_000L * 90);
        assertThat(pes.pts()).isEqualTo(pes.dts()).isEqualTo(40_000L * 90 + 63_000);
        assertThat(ByteBufUtil.hexDump(pes.data())).isEqualTo(AUD + "00000001419a246c");
    }

    @Test
    void keepsTheFramesOwnParameterSetsAndReplacesItsAud() {
        ByteBuf avcc = avcc("09f0", "6764000dac", "68ebe3", "65888400");
        try {
            muxer.writeVideo(out, 0, 0, true, avcc, avcConfig());
        } finally {
            avcc.release();
        }
        Pes pes = TsReader.pes(reader.packets(out), TsMuxer.VIDEO_PID).get(0);
        assertThat(ByteBufUtil.hexDump(pes.data()))
                .isEqualTo(AUD + "000000016764000dac" + "0000000168ebe3" + "0000000165888400");
    }

    @Test
    void timestampsWrapAt33Bits() {
        ByteBuf avcc = avcc("419a");
        long dtsMs = (1L << 33) / 90 + 1000; // one second past the wrap
        try {
            muxer.writeVideo(out, dtsMs, 0, false, avcc, avcConfig());
        } finally {
            avcc.release();
        }
        Pes pes = TsReader.pes(reader.packets(out), TsMuxer.VIDEO_PID).get(0);
        assertThat(pes.dts()).isEqualTo((dtsMs * 90 + 63_000) & 0x1FFFFFFFFL);
        assertThat(pes.pcr()).isEqualTo((dtsMs * 90) & 0x1FFFFFFFFL);
    }

    @Test
    void everyPesLengthFillsWholePacketsWithContinuousCounters() {
        AvcDecoderConfigurationRecord cfg = avcConfig();
        for (int length = 1; length <= 1200; length++) {
            byte[] nal = new byte[length];
            nal[0] = 0x41;
            for (int i = 1; i < length; i++) {
                nal[i] = (byte) i;
            }
            byte[] raw = new byte[length];
            ByteBuf avcc = avcc(ByteBufUtil.hexDump(nal));
            ByteBuf aac = Unpooled.wrappedBuffer(raw);
            int start = out.writerIndex();
            try {
                muxer.writeVideo(out, length, 0, length % 50 == 0, avcc, cfg);
                muxer.writeAac(out, length, aac, AAC_LC_44K_MONO, length % 2 == 0);
            } finally {
                avcc.release();
                aac.release();
            }
            List<Packet> packets = reader.packets(out.slice(start, out.writerIndex() - start));
            Pes video = TsReader.pes(packets, TsMuxer.VIDEO_PID).get(0);
            assertThat(video.data()).as("video, NAL of %d bytes", length).endsWith(nal);
            Pes audio = TsReader.pes(packets, TsMuxer.AUDIO_PID).get(0);
            assertThat(audio.data()).as("audio, frame of %d bytes", length).hasSize(7 + length).endsWith(raw);
            assertThat(audio.pcr() >= 0).isEqualTo(length % 2 == 0);
        }
    }

    @Test
    void writesAacBehindAnAdtsHeader() {
        ByteBuf raw = Unpooled.wrappedBuffer(new byte[258]);
        try {
            muxer.writeAac(out, 57, raw, AAC_LC_44K_MONO, true);
        } finally {
            raw.release();
        }
        Pes pes = TsReader.pes(reader.packets(out), TsMuxer.AUDIO_PID).get(0);
        assertThat(pes.streamId()).isEqualTo(0xC0);
        assertThat(pes.packetLength()).isEqualTo(3 + 5 + 7 + 258);
        assertThat(pes.pts()).isEqualTo(pes.dts()).isEqualTo(57 * 90 + 63_000);
        assertThat(pes.randomAccess()).isTrue();
        assertThat(pes.pcr()).isEqualTo(57 * 90);
        assertThat(ByteBufUtil.hexDump(pes.data(), 0, 7)).isEqualTo("fff15040213ffc"); // as ffmpeg's adts muxer
    }

    @Test
    void passesMp3Through() {
        ByteBuf mp3 = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("fffb50c400000a2c432e5594"));
        try {
            muxer.writeMp3(out, 55, mp3, false);
        } finally {
            mp3.release();
        }
        Pes pes = TsReader.pes(reader.packets(out), TsMuxer.AUDIO_PID).get(0);
        assertThat(pes.pcr()).isEqualTo(-1);
        assertThat(pes.randomAccess()).isFalse();
        assertThat(ByteBufUtil.hexDump(pes.data())).isEqualTo("fffb50c400000a2c432e5594");
    }

    static Stream<Arguments> malformedNalus() {
        return Stream.of(
                Arguments.of("length prefix cut short", "00000005419a246c01" + "0000", "inside a NAL length prefix"),
                Arguments.of("zero length", "00000000", "NAL unit length 0"),
                Arguments.of("length past the end", "00000010419a", "NAL unit length 16 does not fit the 2 bytes"),
                Arguments.of("length beyond 2^31", "ffffffff419a", "NAL unit length 4294967295"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedNalus")
    void refusesMalformedNaluLengthsWithoutWriting(String name, String hex, String message) {
        ByteBuf avcc = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            assertThatThrownBy(() -> muxer.writeVideo(out, 0, 0, true, avcc, avcConfig()))
                    .isInstanceOf(TsMuxException.class).hasMessageContaining(message);
            assertThat(out.isReadable()).isFalse();
        } finally {
            avcc.release();
        }
    }

    private static ByteBuf avcc(String... nalUnits) {
        ByteBuf buf = Unpooled.buffer();
        for (String nal : nalUnits) {
            byte[] bytes = ByteBufUtil.decodeHexDump(nal);
            buf.writeInt(bytes.length).writeBytes(bytes);
        }
        return buf;
    }

    static AvcDecoderConfigurationRecord avcConfig() {
        String name = "/dev/liveplane/media/protocol/flv/"
                + "AvcDecoderConfigurationRecordFuzzTestInputs/parse/high-320x240";
        try (InputStream in = TsMuxerTest.class.getResourceAsStream(name)) {
            ByteBuf buf = Unpooled.wrappedBuffer(in.readAllBytes());
            try {
                return AvcDecoderConfigurationRecord.parse(buf);
            } finally {
                buf.release();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int version(byte[] sectionWithPointer) {
        return (sectionWithPointer[6] >> 1) & 0x1F;
    }

    /** Annex A: the CRC over a whole section, its CRC_32 included, is zero. */
    private static void assertSectionCrcHolds(byte[] payloadWithPointer) {
        int sectionLength = ((payloadWithPointer[2] & 0x0F) << 8) | (payloadWithPointer[3] & 0xFF);
        ByteBuf section = Unpooled.wrappedBuffer(payloadWithPointer, 1, 3 + sectionLength);
        try {
            assertThat(Crc32Mpeg2.compute(section, 0, section.readableBytes())).isZero();
        } finally {
            section.release();
        }
    }

    private static String pad(String packet) {
        return packet + STUFFING.substring(packet.length());
    }
}
