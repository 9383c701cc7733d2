package dev.liveplane.media.server.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments real ffmpeg-made FLV files and has ffprobe and ffmpeg, as independent demuxers and decoders, judge the
 * playlist and segments. Needs ffmpeg and ffprobe on the PATH (Debian: {@code apt-get install ffmpeg}).
 */
class HlsSegmenterFfprobeTest {

    private static final Logger log = LoggerFactory.getLogger(HlsSegmenterFfprobeTest.class);
    private static final double SECONDS = 8;
    private static final List<String> VIDEO_SOURCE = List.of("-f", "lavfi", "-i",
            "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", String.valueOf(SECONDS), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-g", "25");

    @TempDir
    Path dir;

    @Test
    void h264AndAac() throws Exception {
        Path flv = ffmpegFlv("h264-aac.flv", "-c:a", "aac");
        Path playlist = segment(flv);
        assertDecodesLikeTheSource(flv, playlist, "h264", "aac");
    }

    @Test
    void h264AndMp3() throws Exception {
        Path flv = ffmpegFlv("h264-mp3.flv", "-c:a", "libmp3lame");
        Path playlist = segment(flv);
        assertDecodesLikeTheSource(flv, playlist, "h264", "mp3");
    }

    @Test
    void aacOnly() throws Exception {
        Path flv = dir.resolve("aac.flv");
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
                String.valueOf(SECONDS), "-c:a", "aac", flv.toString());
        Path playlist = segment(flv);
        assertThat(probeStreams(playlist)).extracting(s -> s.get("codec_name")).containsExactly("aac");
        assertThat(seconds(probeFormat(playlist).get("duration")))
                .isCloseTo(seconds(probeFormat(flv).get("duration")), within(0.2));
        assertThat(run("ffmpeg", "-v", "error", "-i", playlist.toString(), "-f", "null", "-")).isEmpty();
    }

    private Path ffmpegFlv(String name, String... audio) throws Exception {
        Path flv = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
        command.addAll(VIDEO_SOURCE);
        command.addAll(List.of(audio));
        command.add(flv.toString());
        run(command.toArray(String[]::new));
        return flv;
    }

    /** Feeds the file's frames through a segmenter and writes its playlist and segments next to it. */
    private Path segment(Path flv) throws IOException {
        HlsSegmenter segmenter = new HlsSegmenter("live", "00000000000000aa",
                new HlsSettings(2_000, 100, 2, 16 << 20), ByteBufAllocator.DEFAULT);
        try {
            FlvFile.forEachFrame(Files.readAllBytes(flv), segmenter::onFrame);
            segmenter.end();
            String playlist = segmenter.playlist("").orElseThrow();
            Path out = Files.createDirectories(dir.resolve(flv.getFileName() + ".hls"));
            Files.createDirectories(out.resolve("live")); // segment URIs are {stream}/seg-{publish}-{n}.ts
            Files.writeString(out.resolve("index.m3u8"), playlist);
            Matcher uris = Pattern.compile("^live/seg-00000000000000aa-(\\d+)\\.ts$", Pattern.MULTILINE)
                    .matcher(playlist);
            while (uris.find()) {
                ByteBuf segment = segmenter.segment("00000000000000aa", Long.parseLong(uris.group(1))).orElseThrow();
                try (OutputStream file = Files.newOutputStream(out.resolve(uris.group()))) {
                    segment.readBytes(file, segment.readableBytes());
                } finally {
                    segment.release();
                }
            }
            return out.resolve("index.m3u8");
        } finally {
            segmenter.release();
        }
    }

    private void assertDecodesLikeTheSource(Path flv, Path playlist, String videoCodec, String audioCodec)
            throws Exception {
        List<Map<String, String>> streams = probeStreams(playlist);
        assertThat(streams).extracting(s -> s.get("codec_name")).containsExactlyInAnyOrder(videoCodec, audioCodec);
        Map<String, String> video = streams.stream().filter(s -> s.get("codec_name").equals(videoCodec))
                .findFirst().orElseThrow();
        assertThat(video.get("width") + "x" + video.get("height")).isEqualTo("320x240");

        double sourceDuration = seconds(probeFormat(flv).get("duration"));
        double hlsDuration = seconds(probeFormat(playlist).get("duration"));
        assertThat(hlsDuration).isCloseTo(sourceDuration, within(0.2));
        double sourceVideo = videoSpan(flv);
        double hlsVideo = videoSpan(playlist);
        assertThat(hlsVideo).isCloseTo(sourceVideo, within(0.2));
        assertThat(videoFrames(playlist)).isEqualTo(videoFrames(flv));

        assertThat(run("ffmpeg", "-v", "error", "-i", playlist.toString(), "-f", "null", "-"))
                .as("ffmpeg decode errors").isEmpty();

        List<Path> segments;
        try (var files = Files.list(playlist.getParent().resolve("live"))) {
            segments = files.filter(p -> p.toString().endsWith(".ts")).sorted().toList();
        }
        assertThat(segments).hasSize((int) (SECONDS / 2));
        for (Path segment : segments) {
            String first = run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                    "frame=key_frame,pict_type", "-read_intervals", "%+#1", "-of", "default=noprint_wrappers=1",
                    segment.toString());
            assertThat(first.lines().limit(2)).as("first frame of %s", segment.getFileName())
                    .containsExactly("key_frame=1", "pict_type=I");
        }
        log.info("hls e2e file={} segments={} source_duration={} hls_duration={} source_video_span={} "
                + "hls_video_span={} video={}x{}", flv.getFileName(), segments.size(), sourceDuration, hlsDuration,
                sourceVideo, hlsVideo, video.get("width"), video.get("height"));
    }

    /** Top-level streams only: flat output keeps them apart from the program's copies of the same streams. */
    private List<Map<String, String>> probeStreams(Path file) throws Exception {
        String out = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "flat",
                file.toString());
        Map<String, Map<String, String>> streams = new TreeMap<>();
        Matcher m = Pattern.compile("^streams\\.stream\\.(\\d+)\\.(\\w+)=\"?([^\"\\n]*)\"?$", Pattern.MULTILINE)
                .matcher(out);
        while (m.find()) {
            streams.computeIfAbsent(m.group(1), k -> new HashMap<>()).put(m.group(2), m.group(3));
        }
        return List.copyOf(streams.values());
    }

    private Map<String, String> probeFormat(Path file) throws Exception {
        String out = run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1", file.toString());
        return Map.of("duration", out.trim().substring("duration=".length()));
    }

    /** Last video PTS minus first, plus one frame at 25 fps: the span a player shows. */
    private double videoSpan(Path file) throws Exception {
        List<Double> pts = videoPts(file);
        double min = pts.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = pts.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return max - min + 0.04;
    }

    private long videoFrames(Path file) throws Exception {
        return videoPts(file).size();
    }

    /** One PTS per video packet; for playlists csv output adds a trailing comma and blank lines. */
    private List<Double> videoPts(Path file) throws Exception {
        return run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time", "-of",
                "csv=p=0", file.toString()).lines().map(l -> l.replace(",", "").trim()).filter(l -> !l.isEmpty())
                .map(Double::parseDouble).toList();
    }

    private static double seconds(String value) {
        return Double.parseDouble(value.trim());
    }

    /** Runs a tool and returns its stdout; fails on a non-zero exit or anything on stderr. */
    private String run(String... command) throws Exception {
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is needed for this test; install ffmpeg", e);
        }
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        String errors = Files.readString(stderr);
        assertThat(process.exitValue()).as("%s exit code; stderr: %s", String.join(" ", command), errors).isZero();
        assertThat(errors).as("%s stderr", String.join(" ", command)).isEmpty();
        return stdout;
    }
}
