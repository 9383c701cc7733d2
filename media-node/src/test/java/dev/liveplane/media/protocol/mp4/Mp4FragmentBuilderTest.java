package dev.liveplane.media.protocol.mp4;

import static dev.liveplane.media.protocol.mp4.TestTracks.AAC_44100_MONO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.liveplane.media.protocol.Bytes;
import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.mp4.BoxReader.Run;
import dev.liveplane.media.protocol.mp4.BoxReader.Sample;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Mp4FragmentBuilderTest {

    private static final Mp4Track VIDEO = TestTracks.avc();
    private static final Mp4Track AUDIO = TestTracks.aac(AAC_44100_MONO);

    private final TrackingAllocator alloc = new TrackingAllocator();
    private final List<ByteBuf> outputs = new ArrayList<>();
    private Mp4FragmentBuilder builder = new Mp4FragmentBuilder(List.of(VIDEO, AUDIO), alloc);

    @AfterEach
    void everyBufferIsReleased() {
        builder.release();
        outputs.forEach(ByteBuf::release);
        alloc.assertAllReleased();
    }

    @Test
    void aFragmentHoldsEverySampleButEachTracksLatest() {
        video(0, 80, true, "65aa");
        audio(0, "21a1");
        video(40, 0, false, "41bb");
        audio(23, "21a2");
        audio(46, "21a3");
        video(80, 40, true, "65cc"); // the next fragment starts on this keyframe

        List<Run> first = runs(builder.cutFragment());
        assertThat(first).extracting(Run::trackId).containsExactly(1, 2);
        Run video = first.get(0);
        assertThat(video.baseMediaDecodeTime()).isZero();
        assertThat(video.samples()).extracting(Sample::duration).containsExactly(3600L, 3600L);
        assertThat(video.samples()).extracting(Sample::sync).containsExactly(true, false);
        assertThat(video.samples()).extracting(Sample::compositionOffset).containsExactly(80 * 90, 0);
        assertThat(video.samples()).extracting(s -> hex(s.bytes())).containsExactly("0000000265aa", "0000000241bb");
        Run audio = first.get(1);
        // 44.1 kHz: 23 ms is tick 1014.3, 46 ms tick 2028.6; each rounds, and durations are the differences.
        assertThat(audio.samples()).extracting(Sample::duration).containsExactly(1014L, 1015L);
        assertThat(audio.samples()).extracting(s -> hex(s.bytes())).containsExactly("21a1", "21a2");
        assertThat(builder.nextSequenceNumber()).isEqualTo(2);

        audio(69, "21a4");
        video(120, 0, false, "41dd");
        List<Run> last = runs(builder.finish());
        assertThat(last.get(0).baseMediaDecodeTime()).as("video continues").isEqualTo(video.duration());
        assertThat(last.get(0).samples()).extracting(Sample::duration).containsExactly(3600L, 3600L);
        assertThat(last.get(0).samples()).extracting(Sample::sync).containsExactly(true, false);
        assertThat(last.get(1).baseMediaDecodeTime()).as("audio continues").isEqualTo(audio.duration());
        // 69 ms is tick 3042.9; the last sample lasts as long as the one before it.
        assertThat(last.get(1).samples()).extracting(Sample::duration).containsExactly(3043L - 2029, 3043L - 2029);
        assertThat(builder.pendingBytes()).isZero();
    }

    @Test
    void decodeTimesRunOnOverManyFragmentsWithoutDrift() {
        long[] nextBase = new long[3];
        long audioFrames = 0;
        long lastAudioMs = 0;
        int fragments = 0;
        for (int frame = 0; frame < 250; frame++) { // 10 s at 25 fps, a keyframe each second
            long videoMs = frame * 40L;
            video(videoMs, 80, frame % 25 == 0, "65");
            if (frame % 25 == 0) {
                Optional<ByteBuf> fragment = builder.cutFragment();
                if (frame == 0) {
                    assertThat(fragment).as("nothing is complete before the second keyframe").isEmpty();
                } else {
                    fragments++;
                    for (Run run : runs(fragment)) {
                        assertThat(run.baseMediaDecodeTime()).as("tfdt of track %d", run.trackId())
                                .isEqualTo(nextBase[run.trackId()]);
                        nextBase[run.trackId()] += run.duration();
                        if (run.trackId() == Mp4Track.VIDEO_TRACK_ID) {
                            assertThat(run.samples()).hasSize(25).first().extracting(Sample::sync).isEqualTo(true);
                            assertThat(run.samples()).allSatisfy(s -> assertThat(s.duration()).isEqualTo(3600));
                        }
                    }
                }
            }
            // AAC frames of 1024 samples, stamped in whole milliseconds as FLV does, up to the next video frame.
            for (long ms; (ms = audioFrames * 1024 * 1000 / 44_100) < videoMs + 40; audioFrames++) {
                audio(ms, "21");
                lastAudioMs = ms;
            }
        }
        for (Run run : runs(builder.finish())) {
            assertThat(run.baseMediaDecodeTime()).isEqualTo(nextBase[run.trackId()]);
            nextBase[run.trackId()] += run.duration();
        }
        assertThat(fragments).isEqualTo(9);
        assertThat(nextBase[Mp4Track.VIDEO_TRACK_ID]).as("video ends after 250 frames").isEqualTo(250 * 3600);
        // Audio ends one frame after its last sample starts; rounding at every sample added up to nothing.
        double audioEnd = nextBase[Mp4Track.AUDIO_TRACK_ID] / 44_100.0;
        assertThat(audioEnd).isCloseTo((lastAudioMs + 23) / 1000.0, within(0.001));
    }

    @Test
    void decodeTimesCountFromTheEarliestFrameOfTheFirstFragment() {
        audio(5_000, "21");
        video(5_010, 0, true, "65");
        audio(5_023, "21");
        video(5_050, 0, true, "65");
        List<Run> runs = runs(builder.cutFragment());
        assertThat(runs.get(0).baseMediaDecodeTime()).as("video at 10 ms").isEqualTo(900);
        assertThat(runs.get(1).baseMediaDecodeTime()).as("audio at 0").isZero();
        assertThat(runs.get(1).samples()).singleElement().extracting(Sample::duration).isEqualTo(1014L);
    }

    @Test
    void aTrackCannotJoinBeforeTheFileStarts() {
        builder.release();
        builder = new Mp4FragmentBuilder(List.of(VIDEO, AUDIO), alloc);
        audio(1_000, "21");
        audio(1_023, "21");
        runs(builder.cutFragment());
        ByteBuf frame = Unpooled.wrappedBuffer(TestTracks.AVC_320X240);
        assertThatThrownBy(() -> builder.addVideo(990, 0, true, frame)).isInstanceOf(Mp4MuxException.class)
                .hasMessage("video decode time 990 ms is before the file's start at 1000 ms");
    }

    @Test
    void refusesFramesThatCannotFollowAndKeepsTheTrackAsItWas() {
        video(0, 0, true, "65");
        video(40, 0, false, "41");
        ByteBuf frame = Unpooled.wrappedBuffer(new byte[] {0x41});
        ByteBuf empty = Unpooled.EMPTY_BUFFER;
        assertThatThrownBy(() -> builder.addVideo(20, 0, false, frame)).isInstanceOf(Mp4MuxException.class)
                .hasMessageContaining("decode time 20 ms is before the previous frame's 40 ms");
        assertThatThrownBy(() -> builder.addVideo(40 + (1L << 32) / 90 + 1, 0, false, frame))
                .isInstanceOf(Mp4MuxException.class).hasMessageContaining("beyond a 32-bit sample duration");
        assertThatThrownBy(() -> builder.addVideo(50, 0, false, empty)).isInstanceOf(Mp4MuxException.class)
                .hasMessage("empty video frame at 50 ms");
        assertThat(builder.pendingBytes()).as("two 1-byte NAL units behind 4-byte lengths").isEqualTo(2 * 5);
        video(80, 0, true, "65");
        assertThat(runs(builder.cutFragment()).get(0).samples()).extracting(Sample::duration)
                .containsExactly(3600L, 3600L);
    }

    @Test
    void aLoneSampleLastsAnAacFrameOrA30FpsFrame() {
        audio(0, "21");
        video(0, 0, true, "65");
        assertThat(builder.cutFragment()).isEmpty();
        assertThat(builder.nextSequenceNumber()).isEqualTo(1);
        List<Run> runs = runs(builder.finish());
        assertThat(runs.get(0).samples()).singleElement().extracting(Sample::duration).isEqualTo(3000L);
        assertThat(runs.get(1).samples()).singleElement().extracting(Sample::duration).isEqualTo(1024L);
        assertThat(builder.finish()).isEmpty();
    }

    @Test
    void framesAreCopiedNotConsumed() {
        ByteBuf frame = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 0x65, 1, 2});
        frame.readerIndex(2); // only the readable bytes are the sample
        builder.addVideo(0, 0, true, frame);
        assertThat(frame.readerIndex()).isEqualTo(2);
        frame.setByte(6, 9); // the builder holds its own copy
        assertThat(builder.pendingBytes()).isEqualTo(5);
        assertThat(runs(builder.finish()).get(0).samples().get(0).bytes()).containsExactly(0, 1, 0x65, 1, 2);
    }

    @Test
    void refusesTracksItWasNotGivenAndUseAfterRelease() {
        builder.release();
        builder = new Mp4FragmentBuilder(List.of(AUDIO), alloc);
        ByteBuf frame = Unpooled.wrappedBuffer(new byte[] {0x65});
        assertThatThrownBy(() -> builder.addVideo(0, 0, true, frame)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the builder has no video track");
        assertThatThrownBy(() -> new Mp4FragmentBuilder(List.of(AUDIO, AUDIO), alloc))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two AUDIO tracks");
        assertThatThrownBy(() -> new Mp4FragmentBuilder(List.of(), alloc))
                .isInstanceOf(IllegalArgumentException.class);
        audio(0, "21");
        builder.release();
        assertThatThrownBy(() -> builder.addAudio(23, frame)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> builder.finish()).isInstanceOf(IllegalStateException.class);
    }

    /** Adds one NAL unit, length-prefixed, with the given payload. */
    private void video(long dtsMs, int ctsMs, boolean keyframe, String nalHex) {
        byte[] nal = Bytes.hex(nalHex);
        ByteBuf frame = Unpooled.buffer().writeInt(nal.length).writeBytes(nal);
        try {
            builder.addVideo(dtsMs, ctsMs, keyframe, frame);
        } finally {
            frame.release();
        }
    }

    private void audio(long dtsMs, String rawHex) {
        ByteBuf frame = Unpooled.wrappedBuffer(Bytes.hex(rawHex));
        try {
            builder.addAudio(dtsMs, frame);
        } finally {
            frame.release();
        }
    }

    private List<Run> runs(Optional<ByteBuf> fragment) {
        assertThat(fragment).isPresent();
        outputs.add(fragment.get());
        return BoxReader.runs(fragment.get());
    }

    private static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }
}
