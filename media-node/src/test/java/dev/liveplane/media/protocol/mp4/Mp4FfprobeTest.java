package dev.liveplane.media.protocol.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.media.e2e.Ffmpeg.Tracks;
import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import dev.liveplane.media.protocol.flv.VideoTag;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Muxes ffmpeg-made FLV files the way the recorder will (a fragment at every video keyframe, or every second without
 * video) and has ffprobe and ffmpeg, as independent demuxers and decoders, judge the fMP4 file whole and cut after
 * its second fragment, as a file being written is. Needs ffmpeg and ffprobe on the PATH.
 */
class Mp4FfprobeTest {

    private static final Logger log = LoggerFactory.getLogger(Mp4FfprobeTest.class);
    private static final int SECONDS = 4;
    private static final long AUDIO_ONLY_FRAGMENT_MS = 1_000;

    @TempDir
    Path dir;

    /** What muxing an FLV file gave: the fMP4 file and where each fragment ends in it. */
    private record Muxed(Path file, List<Long> fragmentEnds, int videoFrames) {
    }

    @ParameterizedTest
    @EnumSource(Tracks.class)
    void ffmpegPlaysTheFileWhileItIsWrittenAndAfter(Tracks tracks) throws Exception {
        boolean video = tracks != Tracks.AUDIO_ONLY;
        boolean audio = tracks != Tracks.VIDEO_ONLY;
        Path flv = ffmpegFlv(video, audio);
        Muxed muxed = mux(flv);

        JsonNode probe = Ffmpeg.probe(muxed.file().toString());
        assertThat(codecs(probe)).containsExactlyElementsOf(expectedCodecs(video, audio));
        if (video) {
            JsonNode stream = Ffmpeg.stream(probe, "video");
            assertThat(stream.path("width").asInt() + "x" + stream.path("height").asInt()).isEqualTo("320x240");
            assertThat(videoPackets(muxed.file())).as("video samples").isEqualTo(muxed.videoFrames());
        }
        double duration = Ffmpeg.duration(probe);
        assertThat(duration).isCloseTo(SECONDS, within(0.1));
        // Encoder priming and whole AAC frames take audio past 4 s (to 4.097 s beside video); ffmpeg's own
        // fragmenting of the same FLV agrees to the millisecond.
        double ffmpegDuration = Ffmpeg.duration(Ffmpeg.probe(ffmpegFragmented(flv).toString()));
        assertThat(duration).as("duration of ffmpeg's fMP4").isCloseTo(ffmpegDuration, within(0.001));
        assertThat(Ffmpeg.decodeErrors(muxed.file())).as("ffmpeg decode errors").isEmpty();

        Path cut = dir.resolve("cut.mp4");
        try (var in = Files.newInputStream(muxed.file()); OutputStream out = Files.newOutputStream(cut)) {
            out.write(in.readNBytes(Math.toIntExact(muxed.fragmentEnds().get(1))));
        }
        JsonNode cutProbe = Ffmpeg.probe(cut.toString());
        assertThat(codecs(cutProbe)).containsExactlyElementsOf(expectedCodecs(video, audio));
        assertThat(Ffmpeg.duration(cutProbe)).as("two 1 s fragments").isCloseTo(2, within(0.1));
        assertThat(Ffmpeg.decodeErrors(cut)).as("ffmpeg decode errors in the cut file").isEmpty();

        log.info("fmp4 ffprobe tracks={} fragments={} bytes={} codecs={} video={} duration={} cut_bytes={} "
                + "cut_duration={} ffmpeg_duration={}", tracks, muxed.fragmentEnds().size(), Files.size(muxed.file()),
                codecs(probe),
                video ? Ffmpeg.stream(probe, "video").path("width") + "x"
                        + Ffmpeg.stream(probe, "video").path("height") : "-",
                duration, Files.size(cut), Ffmpeg.duration(cutProbe), ffmpegDuration);
    }

    /** An FLV of ffmpeg's testsrc2 and a sine tone: H.264 with a keyframe each second, AAC, or both. */
    private Path ffmpegFlv(boolean video, boolean audio) throws IOException, InterruptedException {
        Path flv = dir.resolve("source.flv");
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y"));
        if (video) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25"));
        }
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine"));
        }
        cmd.addAll(List.of("-t", String.valueOf(SECONDS)));
        if (video) {
            cmd.addAll(List.of("-c:v", "libx264", "-g", "25"));
        }
        if (audio) {
            cmd.addAll(List.of("-c:a", "aac"));
        }
        cmd.addAll(List.of("-f", "flv", flv.toString()));
        Ffmpeg.Run run = Ffmpeg.start(cmd, dir, "source");
        assertThat(run.await(Duration.ofSeconds(60))).as("ffmpeg: %s", run.stderr()).isZero();
        return flv;
    }

    /** ffmpeg's own fragmented MP4 of the same FLV, as a reference muxer. */
    private Path ffmpegFragmented(Path flv) throws IOException, InterruptedException {
        Path mp4 = dir.resolve("ffmpeg.mp4");
        Ffmpeg.Run run = Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-y", "-i",
                flv.toString(), "-c", "copy", "-movflags", "frag_keyframe+empty_moov+default_base_moof",
                mp4.toString()), dir, "reference");
        assertThat(run.await(Duration.ofSeconds(60))).as("ffmpeg: %s", run.stderr()).isZero();
        return mp4;
    }

    /** Reads the FLV file with FlvTagReader and writes an init segment and fragments, as a recorder would. */
    private Muxed mux(Path flv) throws IOException {
        byte[] bytes = Files.readAllBytes(flv);
        List<Mp4Track> tracks = new ArrayList<>();
        forEachTag(bytes, tag -> codecConfig(tag).ifPresent(tracks::add));
        boolean hasVideo = tracks.stream().anyMatch(t -> t.kind() == Mp4Track.Kind.VIDEO);
        Path file = dir.resolve("out.mp4");
        List<Long> fragmentEnds = new ArrayList<>();
        int[] videoFrames = {0};
        Mp4FragmentBuilder builder = new Mp4FragmentBuilder(tracks, ByteBufAllocator.DEFAULT);
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuf init = Unpooled.buffer();
            try {
                Mp4InitSegment.write(init, tracks);
                init.readBytes(out, init.readableBytes());
            } finally {
                init.release();
            }
            long[] written = {Files.size(file)};
            long[] fragmentStartMs = {-1};
            Consumer<Optional<ByteBuf>> write = fragment -> fragment.ifPresent(buf -> {
                try {
                    written[0] += buf.readableBytes();
                    buf.readBytes(out, buf.readableBytes());
                    fragmentEnds.add(written[0]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    buf.release();
                }
            });
            forEachTag(bytes, tag -> {
                ByteBuf body = tag.content();
                if (tag.tagType() == FlvTag.VIDEO) {
                    VideoTag header = VideoTag.parse(body);
                    if (header.packetType() == VideoTag.PacketType.CODED_FRAMES) {
                        builder.addVideo(tag.timestamp(), header.compositionTimeMs(), header.keyframe(),
                                data(body, header.dataOffset()));
                        videoFrames[0]++;
                        if (header.keyframe()) {
                            write.accept(builder.cutFragment()); // ends just before this keyframe
                        }
                    }
                } else if (tag.tagType() == FlvTag.AUDIO) {
                    AudioTag header = AudioTag.parse(body);
                    if (!header.aacSequenceHeader()) {
                        builder.addAudio(tag.timestamp(), data(body, header.dataOffset()));
                        if (fragmentStartMs[0] < 0) {
                            fragmentStartMs[0] = tag.timestamp();
                        }
                        if (!hasVideo && tag.timestamp() - fragmentStartMs[0] >= AUDIO_ONLY_FRAGMENT_MS) {
                            write.accept(builder.cutFragment());
                            fragmentStartMs[0] = tag.timestamp();
                        }
                    }
                }
            });
            write.accept(builder.finish());
        } finally {
            builder.release();
        }
        return new Muxed(file, fragmentEnds, videoFrames[0]);
    }

    /** Hands each tag of an FLV file to {@code sink}, then releases it. */
    private static void forEachTag(byte[] flv, Consumer<FlvTag> sink) {
        ByteBuf in = Unpooled.wrappedBuffer(flv);
        try {
            FlvTagReader reader = new FlvTagReader();
            FlvTag tag;
            while ((tag = reader.read(in)) != null) {
                try {
                    sink.accept(tag);
                } finally {
                    tag.release();
                }
            }
        } finally {
            in.release();
        }
    }

    /** The track an AVC or AAC sequence header describes. */
    private static Optional<Mp4Track> codecConfig(FlvTag tag) {
        ByteBuf body = tag.content();
        if (tag.tagType() == FlvTag.VIDEO) {
            VideoTag header = VideoTag.parse(body);
            if (header.packetType() == VideoTag.PacketType.SEQUENCE_HEADER) {
                return Optional.of(Mp4Track.avc(data(body, header.dataOffset())));
            }
        } else if (tag.tagType() == FlvTag.AUDIO) {
            AudioTag header = AudioTag.parse(body);
            if (header.aacSequenceHeader()) {
                return Optional.of(Mp4Track.aac(data(body, header.dataOffset())));
            }
        }
        return Optional.empty();
    }

    private static ByteBuf data(ByteBuf body, int offset) {
        return body.slice(body.readerIndex() + offset, body.readableBytes() - offset);
    }

    private static List<String> codecs(JsonNode probe) {
        return StreamSupport.stream(probe.path("streams").spliterator(), false)
                .map(s -> s.path("codec_name").asText()).toList();
    }

    private static List<String> expectedCodecs(boolean video, boolean audio) {
        List<String> codecs = new ArrayList<>();
        if (video) {
            codecs.add("h264");
        }
        if (audio) {
            codecs.add("aac");
        }
        return codecs;
    }

    /** ffprobe's count of the video packets it demuxed. */
    private int videoPackets(Path file) throws IOException, InterruptedException {
        Ffmpeg.Run run = Ffmpeg.start(List.of("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", file.toString()), dir, "count");
        assertThat(run.await(Duration.ofSeconds(60))).as("ffprobe: %s", run.stderr()).isZero();
        return Integer.parseInt(run.stderr().trim()); // the log holds stdout and stderr together
    }
}
