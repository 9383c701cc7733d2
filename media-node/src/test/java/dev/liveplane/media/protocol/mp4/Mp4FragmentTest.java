package dev.liveplane.media.protocol.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.media.protocol.Bytes;
import dev.liveplane.media.protocol.mp4.BoxReader.Box;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Mp4FragmentTest {

    private static final int VIDEO = Mp4Track.VIDEO_TRACK_ID;
    private static final int AUDIO = Mp4Track.AUDIO_TRACK_ID;

    private final ByteBuf out = Unpooled.buffer();

    @AfterEach
    void releaseOutput() {
        out.release();
    }

    @Test
    void writesTheGoldenBytesOfAnAudioFragment() {
        Mp4Fragment.writeHeader(out, 1, List.of(new Mp4TrackRun(AUDIO, 0, List.of(
                new Mp4Sample(3, 1024, 0, true), new Mp4Sample(2, 1024, 0, true)))));
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo((""
                + "0000006c 6d6f6f66" // moof, 108 bytes
                + "00000010 6d666864 00000000 00000001" // mfhd: sequence_number 1
                + "00000054 74726166" // traf
                + "00000014 74666864 00020020 00000002 02000000" // tfhd: base is moof, default flags sync; track 2
                + "00000014 74666474 01000000 0000000000000000" // tfdt version 1: baseMediaDecodeTime 0
                + "00000024 7472756e 00000301 00000002 00000074" // trun: offset, duration, size; 2 samples at 116
                + "00000400 00000003 00000400 00000002" // 1024 ticks, 3 bytes; 1024 ticks, 2 bytes
                + "0000000d 6d646174") // mdat of 5 bytes
                .replace(" ", ""));
    }

    @Test
    void videoAndAudioRunsPointIntoOneMdat() {
        byte[] videoBytes = Bytes.hex("0000000265880000000141");
        byte[] audioBytes = Bytes.hex("21100500a01c");
        Mp4TrackRun video = new Mp4TrackRun(VIDEO, 9_000, List.of(
                new Mp4Sample(6, 3600, 7200, true),
                new Mp4Sample(5, 3600, 0, false)));
        Mp4TrackRun audio = new Mp4TrackRun(AUDIO, 4_410, List.of(
                new Mp4Sample(4, 1014, 0, true),
                new Mp4Sample(2, 1058, 0, true)));
        Mp4Fragment.writeHeader(out, 7, List.of(video, audio));
        int headerLength = out.readableBytes();
        out.writeBytes(videoBytes).writeBytes(audioBytes);

        List<Box> fragment = BoxReader.read(out);
        assertThat(fragment).extracting(Box::type).containsExactly("moof", "mdat");
        Box moof = fragment.get(0);
        Box mdat = fragment.get(1);
        assertThat(headerLength).isEqualTo(moof.size() + Mp4Fragment.MDAT_HEADER_LENGTH);
        assertThat(mdat.size()).isEqualTo(8 + videoBytes.length + audioBytes.length);
        assertThat(moof.childTypes()).containsExactly("mfhd", "traf", "traf");
        assertThat(moof.child("mfhd").u32(4)).as("sequence_number").isEqualTo(7);

        Box videoTraf = moof.all("traf").get(0);
        assertThat(videoTraf.childTypes()).containsExactly("tfhd", "tfdt", "trun");
        assertThat(videoTraf.child("tfhd").flags()).as("default-base-is-moof only").isEqualTo(0x020000);
        assertThat(videoTraf.child("tfhd").u32(4)).isEqualTo(VIDEO);
        assertThat(videoTraf.child("tfdt").version()).isEqualTo(1);
        assertThat(videoTraf.child("tfdt").u64(4)).isEqualTo(9_000);
        Box videoTrun = videoTraf.child("trun");
        assertThat(videoTrun.version()).as("no negative offset").isZero();
        assertThat(videoTrun.flags()).as("offset, duration, size, flags, composition offset").isEqualTo(0x000F01);
        assertThat(videoTrun.u32(4)).as("sample_count").isEqualTo(2);
        assertThat(new long[] {videoTrun.u32(12), videoTrun.u32(16), videoTrun.u32(20), videoTrun.u32(24)})
                .containsExactly(3600, 6, 0x0200_0000, 7200);
        assertThat(new long[] {videoTrun.u32(28), videoTrun.u32(32), videoTrun.u32(36), videoTrun.u32(40)})
                .containsExactly(3600, 5, 0x0101_0000, 0);

        Box audioTraf = moof.all("traf").get(1);
        assertThat(audioTraf.child("tfhd").flags()).as("base is moof, default flags").isEqualTo(0x020020);
        assertThat(audioTraf.child("tfhd").u32(8)).as("default_sample_flags: sync").isEqualTo(0x0200_0000);
        assertThat(audioTraf.child("tfdt").u64(4)).isEqualTo(4_410);
        Box audioTrun = audioTraf.child("trun");
        assertThat(audioTrun.flags()).as("offset, duration, size").isEqualTo(0x000301);
        assertThat(new long[] {audioTrun.u32(12), audioTrun.u32(16), audioTrun.u32(20), audioTrun.u32(24)})
                .containsExactly(1014, 4, 1058, 2);

        // data_offset counts from the moof's first byte (default-base-is-moof) to each run's first sample.
        byte[] file = ByteBufUtil.getBytes(out);
        int videoOffset = videoTrun.s32(8);
        int audioOffset = audioTrun.s32(8);
        assertThat(videoOffset).isEqualTo(mdat.body() - moof.start());
        assertThat(Arrays.copyOfRange(file, videoOffset, videoOffset + videoBytes.length)).isEqualTo(videoBytes);
        assertThat(audioOffset).isEqualTo(videoOffset + videoBytes.length);
        assertThat(Arrays.copyOfRange(file, audioOffset, audioOffset + audioBytes.length)).isEqualTo(audioBytes);
    }

    @Test
    void negativeCompositionOffsetsNeedTrunVersion1() {
        Mp4Fragment.writeHeader(out, 1, List.of(new Mp4TrackRun(VIDEO, 0, List.of(
                new Mp4Sample(1, 3600, -3600, true), new Mp4Sample(1, 3600, 3600, false)))));
        out.writeZero(2); // the samples, which the reader wants to find in the mdat
        Box trun = BoxReader.read(out).get(0).child("traf/trun");
        assertThat(trun.version()).isEqualTo(1);
        assertThat(trun.s32(24)).isEqualTo(-3600);
        assertThat(trun.s32(40)).isEqualTo(3600);
    }

    @Test
    void decodeTimesAndSequenceNumbersUseTheirWholeWidth() {
        long base = (1L << 40) + 5; // past 2^32 ticks: 13 hours at 90 kHz
        Mp4Fragment.writeHeader(out, 0xFFFF_FFFFL, List.of(new Mp4TrackRun(VIDEO, base, List.of(
                new Mp4Sample(1, 0xFFFF_FFFFL, 0, true)))));
        out.writeZero(1);
        Box moof = BoxReader.read(out).get(0);
        assertThat(moof.child("mfhd").u32(4)).isEqualTo(0xFFFF_FFFFL);
        assertThat(moof.child("traf/tfdt").u64(4)).isEqualTo(base);
        assertThat(moof.child("traf/trun").u32(12)).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aFragmentBeyond32BitOffsetsIsRefusedWithNothingWritten() {
        out.writeBytes(Bytes.hex("0102"));
        List<Mp4TrackRun> runs = List.of(new Mp4TrackRun(VIDEO, 0, List.of(
                new Mp4Sample(Integer.MAX_VALUE - 100, 3600, 0, true))));
        assertThatThrownBy(() -> Mp4Fragment.writeHeader(out, 1, runs))
                .isInstanceOf(Mp4MuxException.class).hasMessageContaining("cut fragments more often");
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("0102");
    }

    @Test
    void refusesWhatNoFragmentCanSay() {
        Mp4TrackRun run = new Mp4TrackRun(VIDEO, 0, List.of(new Mp4Sample(1, 1, 0, true)));
        assertThatThrownBy(() -> Mp4Fragment.writeHeader(out, 0, List.of(run)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence_number 0");
        assertThatThrownBy(() -> Mp4Fragment.writeHeader(out, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one track run");
        assertThatThrownBy(() -> new Mp4TrackRun(VIDEO, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one sample");
        assertThatThrownBy(() -> new Mp4TrackRun(VIDEO, -1, List.of(new Mp4Sample(1, 1, 0, true))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Mp4Sample(1, 1L << 32, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 unsigned bits");
        assertThat(out.isReadable()).isFalse();
    }
}
