package dev.liveplane.media.protocol.mp4;

import static dev.liveplane.media.protocol.mp4.TestTracks.AAC_44100_MONO;
import static dev.liveplane.media.protocol.mp4.TestTracks.AAC_48000_STEREO;
import static dev.liveplane.media.protocol.mp4.TestTracks.AVC_320X240;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.liveplane.media.protocol.Bytes;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import dev.liveplane.media.protocol.mp4.BoxReader.Box;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Mp4InitSegmentTest {

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void releaseOutput() {
        out.release();
    }

    @Test
    void writesFtypAndAMoovOfTwoTracksWithoutSamples() {
        List<Box> file = write(TestTracks.avc(), TestTracks.aac(AAC_44100_MONO));

        assertThat(file).extracting(Box::type).containsExactly("ftyp", "moov");
        Box ftyp = file.get(0);
        assertThat(ftyp.fourCc(0)).as("major_brand").isEqualTo("iso6");
        assertThat(ftyp.u32(4)).as("minor_version").isZero();
        assertThat(brands(ftyp)).containsExactly("iso6", "iso5", "mp41", "avc1");

        Box moov = file.get(1);
        assertThat(moov.childTypes()).containsExactly("mvhd", "trak", "trak", "mvex");
        Box mvhd = moov.child("mvhd");
        assertThat(mvhd.size()).isEqualTo(108);
        assertThat(mvhd.u32(12)).as("timescale").isEqualTo(1000);
        assertThat(mvhd.u32(16)).as("duration").isZero();
        assertThat(mvhd.u32(96)).as("next_track_ID").isEqualTo(3);
        assertThat(moov.child("mvex").all("trex")).extracting(trex -> trex.u32(4), trex -> trex.u32(8))
                .as("track_ID, default_sample_description_index")
                .containsExactly(tuple(1L, 1L),
                        tuple(2L, 1L));
    }

    @Test
    void videoTrackIsAvc1WithTheRecordVerbatim() {
        Box trak = write(TestTracks.avc()).get(1).child("trak");

        Box tkhd = trak.child("tkhd");
        assertThat(tkhd.flags()).as("track_enabled | track_in_movie").isEqualTo(3);
        assertThat(tkhd.u32(12)).as("track_ID").isEqualTo(Mp4Track.VIDEO_TRACK_ID);
        assertThat(tkhd.u16(36)).as("volume").isZero();
        assertThat(tkhd.u32(76)).as("width 16.16").isEqualTo(320L << 16);
        assertThat(tkhd.u32(80)).as("height 16.16").isEqualTo(240L << 16);
        Box mdia = trak.child("mdia");
        assertThat(mdia.child("mdhd").u32(12)).as("timescale").isEqualTo(90_000);
        assertThat(mdia.child("mdhd").u16(20)).as("language und").isEqualTo(0x55C4);
        assertThat(mdia.child("hdlr").fourCc(8)).isEqualTo("vide");
        Box minf = mdia.child("minf");
        assertThat(minf.childTypes()).containsExactly("vmhd", "dinf", "stbl");
        assertThat(minf.child("vmhd").flags()).isEqualTo(1);
        assertThat(minf.child("dinf/dref").child("url ").flags()).as("self-contained").isEqualTo(1);
        Box stbl = minf.child("stbl");
        assertThat(stbl.childTypes()).containsExactly("stsd", "stts", "stsc", "stsz", "stco");
        assertThat(stbl.child("stsd").u32(4)).as("entry_count").isEqualTo(1);
        Box avc1 = stbl.child("stsd/avc1");
        assertThat(avc1.u16(6)).as("data_reference_index").isEqualTo(1);
        assertThat(avc1.u16(24)).as("width").isEqualTo(320);
        assertThat(avc1.u16(26)).as("height").isEqualTo(240);
        assertThat(avc1.u16(74)).as("depth").isEqualTo(0x18);
        assertThat(avc1.childTypes()).containsExactly("avcC");
        assertThat(avc1.child("avcC").bytesFrom(0)).isEqualTo(AVC_320X240);
    }

    @Test
    void audioTrackIsMp4aWithTheConfigInItsEsds() {
        Box trak = write(TestTracks.aac(AAC_44100_MONO)).get(1).child("trak");

        assertThat(trak.child("tkhd").u32(12)).as("track_ID").isEqualTo(Mp4Track.AUDIO_TRACK_ID);
        assertThat(trak.child("tkhd").u16(36)).as("volume 1.0").isEqualTo(0x0100);
        assertThat(trak.child("mdia/mdhd").u32(12)).as("timescale").isEqualTo(44_100);
        assertThat(trak.child("mdia/hdlr").fourCc(8)).isEqualTo("soun");
        assertThat(trak.child("mdia/minf").childTypes()).containsExactly("smhd", "dinf", "stbl");
        Box mp4a = trak.child("mdia/minf/stbl/stsd/mp4a");
        assertThat(mp4a.u16(16)).as("channelcount").isEqualTo(1);
        assertThat(mp4a.u16(18)).as("samplesize").isEqualTo(16);
        assertThat(mp4a.u32(24)).as("samplerate 16.16").isEqualTo(44_100L << 16);
        Box esds = mp4a.child("esds");
        assertThat(esds.version()).isZero();
        assertThat(decoderSpecificInfo(esds.bytesFrom(4))).isEqualTo(AAC_44100_MONO);
    }

    @Test
    void esdsIsTheMinimalDescriptorChain() {
        Box esds = write(TestTracks.aac(AAC_48000_STEREO)).get(1)
                .child("trak/mdia/minf/stbl/stsd/mp4a/esds");
        assertThat(ByteBufUtil.hexDump(esds.file(), esds.start(), esds.size())).isEqualTo((""
                + "00000027 65736473 00000000" // size 39, 'esds', version 0, flags 0
                + "03 19 0000 00" // ES_Descriptor, 25 bytes: ES_ID 0, no flags
                + "04 11 40 15 000000 00000000 00000000" // DecoderConfigDescriptor: MPEG-4 audio stream
                + "05 02 1190" // DecoderSpecificInfo: the AudioSpecificConfig
                + "06 01 02") // SLConfigDescriptor: predefined for MP4 files
                .replace(" ", ""));
    }

    @Test
    void descriptorSizesBeyond127TakeMoreBytes() {
        byte[] config = new byte[200]; // the parser reads the first two bytes and leaves the rest alone
        System.arraycopy(AAC_48000_STEREO, 0, config, 0, 2);
        Box esds = write(TestTracks.aac(config)).get(1).child("trak/mdia/minf/stbl/stsd/mp4a/esds");
        byte[] body = esds.bytesFrom(4);
        // 14496-1 8.3.3: 7 bits a byte, continuation bit on all but the last. DecoderSpecificInfo holds 200 bytes
        // (0x81 0x48), DecoderConfigDescriptor 13 + 203 (0x81 0x58), ES_Descriptor 3 + 219 + 3 = 225 (0x81 0x61).
        assertThat(ByteBufUtil.hexDump(body, 0, 3)).isEqualTo("038161");
        assertThat(ByteBufUtil.hexDump(body, 6, 3)).isEqualTo("048158");
        assertThat(decoderSpecificInfo(body)).isEqualTo(config);
    }

    static Stream<Arguments> audioConfigs() {
        return Stream.of(
                Arguments.of("LC 48 kHz stereo", "1190", 48_000, 2),
                Arguments.of("explicit HE-AAC keeps the core rate", "2b1188", 24_000, 2),
                Arguments.of("explicit 48 kHz", "17805dc010", 48_000, 2),
                Arguments.of("96 kHz does not fit 16.16", "1008", 96_000, 1),
                Arguments.of("7.1 is channel configuration 7", "11b8", 48_000, 8),
                Arguments.of("program_config_element says stereo", "1180", 48_000, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("audioConfigs")
    void audioTimescaleIsTheSamplingRate(String name, String config, int rate, int channels) {
        Box trak = write(TestTracks.aac(Bytes.hex(config))).get(1).child("trak");
        assertThat(trak.child("mdia/mdhd").u32(12)).isEqualTo(rate);
        Box mp4a = trak.child("mdia/minf/stbl/stsd/mp4a");
        assertThat(mp4a.u16(16)).as("channelcount").isEqualTo(channels);
        assertThat(mp4a.u32(24)).as("samplerate").isEqualTo(rate <= 0xFFFF ? (long) rate << 16 : 0);
        assertThat(decoderSpecificInfo(mp4a.child("esds").bytesFrom(4))).isEqualTo(Bytes.hex(config));
    }

    @Test
    void audioOnlyAndVideoOnlyHaveOneTrak() {
        List<Box> audioOnly = write(TestTracks.aac(AAC_48000_STEREO));
        assertThat(brands(audioOnly.get(0))).containsExactly("iso6", "iso5", "mp41");
        assertThat(audioOnly.get(1).childTypes()).containsExactly("mvhd", "trak", "mvex");
        assertThat(audioOnly.get(1).child("mvhd").u32(96)).as("next_track_ID").isEqualTo(3);
        assertThat(audioOnly.get(1).child("mvex/trex").u32(4)).isEqualTo(Mp4Track.AUDIO_TRACK_ID);

        out.clear();
        List<Box> videoOnly = write(TestTracks.avc());
        assertThat(videoOnly.get(1).childTypes()).containsExactly("mvhd", "trak", "mvex");
        assertThat(videoOnly.get(1).child("mvhd").u32(96)).as("next_track_ID").isEqualTo(2);
        assertThat(videoOnly.get(1).child("mvex/trex").u32(4)).isEqualTo(Mp4Track.VIDEO_TRACK_ID);
    }

    @Test
    void refusesNoTrackAndTwoWithOneId() {
        assertThatThrownBy(() -> Mp4InitSegment.write(out, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one track");
        Mp4Track audio = TestTracks.aac(AAC_48000_STEREO);
        assertThatThrownBy(() -> Mp4InitSegment.write(out, List.of(audio, audio)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("track_ID 2");
    }

    @Test
    void malformedConfigurationsFailAsFlvFormatErrors() {
        assertThatThrownBy(() -> TestTracks.avc(Bytes.hex("0164000dffe1")))
                .isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> TestTracks.aac(Bytes.hex("00")))
                .isInstanceOf(FlvFormatException.class);
    }

    private List<Box> write(Mp4Track... tracks) {
        Mp4InitSegment.write(out, List.of(tracks));
        return BoxReader.read(out);
    }

    private static List<String> brands(Box ftyp) {
        return IntStream.range(0, (ftyp.size() - 16) / 4).mapToObj(i -> ftyp.fourCc(8 + 4 * i))
                .toList();
    }

    /**
     * Walks ES_Descriptor (tag 3, ES_ID and flags) into DecoderConfigDescriptor (tag 4, 13 fixed bytes) and returns
     * the contents of its DecoderSpecificInfo (tag 5), checking the tags and that the sizes add up.
     */
    private static byte[] decoderSpecificInfo(byte[] esDescriptor) {
        int[] at = {0};
        assertThat(esDescriptor[at[0]++]).as("ES_DescrTag").isEqualTo((byte) 0x03);
        int esSize = descriptorSize(esDescriptor, at);
        assertThat(at[0] + esSize).as("ES_Descriptor fills the esds").isEqualTo(esDescriptor.length);
        at[0] += 3; // ES_ID, flags
        assertThat(esDescriptor[at[0]++]).as("DecoderConfigDescrTag").isEqualTo((byte) 0x04);
        int dcdSize = descriptorSize(esDescriptor, at);
        assertThat(esDescriptor[at[0]] & 0xFF).as("objectTypeIndication").isEqualTo(0x40);
        assertThat(esDescriptor[at[0] + 1] & 0xFF).as("streamType audio, reserved 1").isEqualTo(0x15);
        at[0] += 13;
        assertThat(esDescriptor[at[0]++]).as("DecSpecificInfoTag").isEqualTo((byte) 0x05);
        int dsiSize = descriptorSize(esDescriptor, at);
        assertThat(dcdSize).isEqualTo(13 + 1 + sizeLength(dsiSize) + dsiSize);
        byte[] dsi = Arrays.copyOfRange(esDescriptor, at[0], at[0] + dsiSize);
        at[0] += dsiSize;
        assertThat(Arrays.copyOfRange(esDescriptor, at[0], esDescriptor.length)).as("SLConfigDescriptor")
                .isEqualTo(Bytes.hex("060102"));
        return dsi;
    }

    private static int descriptorSize(byte[] b, int[] at) {
        int size = 0;
        int next;
        do {
            next = b[at[0]++] & 0xFF;
            size = (size << 7) | (next & 0x7F);
        } while ((next & 0x80) != 0);
        return size;
    }

    private static int sizeLength(int size) {
        return size < 0x80 ? 1 : size < 0x4000 ? 2 : 3;
    }
}
