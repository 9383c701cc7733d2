package dev.liveplane.media.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's ffmpeg and ffprobe as a real encoder and a real player; shared with other modules' end-to-end tests
 * through this module's test jar.
 */
public final class Ffmpeg {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Ffmpeg() {
    }

    /** A running ffmpeg whose stderr goes to a file. */
    public record Run(Process process, Path log) {

        public String stderr() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public int await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("ffmpeg did not finish within " + timeout + ":\n" + stderr());
            }
            return process.exitValue();
        }

        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }
    }

    /** Which elementary streams a test publish carries. */
    public enum Tracks { AUDIO_VIDEO, AUDIO_ONLY, VIDEO_ONLY }

    /** Pushes a lavfi test pattern (H.264) with a sine tone (AAC or MP3) to {@code url} in real time. */
    public static Run publish(String url, int seconds, String size, Path workDir, String audioCodec)
            throws IOException {
        return publish(url, seconds, size, workDir, audioCodec, Tracks.AUDIO_VIDEO);
    }

    /**
     * Pushes a lavfi test pattern (H.264, a keyframe every second), a sine tone (AAC or MP3) or both to {@code url}
     * in real time; only the inputs of the chosen tracks are opened, so ffmpeg's metadata declares just those.
     */
    public static Run publish(String url, int seconds, String size, Path workDir, String audioCodec, Tracks tracks)
            throws IOException {
        boolean video = tracks != Tracks.AUDIO_ONLY;
        boolean audio = tracks != Tracks.VIDEO_ONLY;
        // -re paces the first input only; the muxer's interleaving holds the second one to it.
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-re"));
        if (video) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=25"));
        }
        if (audio) {
            cmd.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"));
        }
        cmd.addAll(List.of("-t", String.valueOf(seconds)));
        if (video) {
            cmd.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt",
                    "yuv420p", "-g", "25", "-keyint_min", "25", "-b:v", "400k"));
        }
        if (audio) {
            cmd.addAll(List.of("-c:a", audioCodec, "-b:a", "64k", "-ar", "44100"));
        }
        cmd.addAll(List.of("-f", "flv", url));
        return start(cmd, workDir, "publish");
    }

    /** Copies {@code seconds} of a live stream into a local FLV file, as a player would receive it. */
    public static Run record(String url, int seconds, Path output, Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning",
                "-rw_timeout", "10000000", "-i", url));
        if (seconds > 0) {
            cmd.addAll(List.of("-t", String.valueOf(seconds)));
        }
        cmd.addAll(List.of("-c", "copy", "-f", "flv", "-y", output.toString()));
        return start(cmd, workDir, "record-" + output.getFileName());
    }

    public static Run start(List<String> cmd, Path workDir, String name) throws IOException {
        Path log = Files.createTempFile(workDir, name, ".log");
        Process process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Run(process, log);
    }

    /** ffprobe's view of a file or URL: {@code -show_streams -show_format} as JSON. */
    public static JsonNode probe(String target) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ffprobe", "-v", "error", "-rw_timeout", "10000000",
                "-show_streams", "-show_format", "-of", "json", target)
                .redirectErrorStream(false)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("ffprobe failed on " + target + ": " + err);
        }
        return JSON.readTree(out);
    }

    /** Decodes a whole file and returns what ffmpeg reported as errors (empty when the stream is clean). */
    public static String decodeErrors(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-v", "error",
                "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return out.trim();
    }

    /** The stream of the given codec type ("video"/"audio") in an ffprobe result. */
    public static JsonNode stream(JsonNode probe, String codecType) {
        for (JsonNode stream : probe.path("streams")) {
            if (codecType.equals(stream.path("codec_type").asText())) {
                return stream;
            }
        }
        throw new AssertionError("no " + codecType + " stream in " + probe);
    }

    public static double duration(JsonNode probe) {
        return probe.path("format").path("duration").asDouble();
    }
}
