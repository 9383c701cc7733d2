package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ffmpeg pushes over RTMP; ffmpeg and ffprobe play the stream back over RTMP, HTTP-FLV and HLS. */
class StreamingEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aStreamPushedWithFfmpegPlaysOverRtmpHttpFlvAndHls() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "e2e"), 14, "320x240", dir, "aac");
            node.awaitStream("live", "e2e", Duration.ofSeconds(15));

            Path viaRtmp = dir.resolve("rtmp.flv");
            Path viaFlv = dir.resolve("http.flv");
            Path viaHls = dir.resolve("hls.flv");
            Ffmpeg.Run rtmp = Ffmpeg.record(node.rtmp("live", "e2e"), 4, viaRtmp, dir);
            Ffmpeg.Run flv = Ffmpeg.record(node.http("/live/e2e.flv"), 4, viaFlv, dir);
            LocalNode.awaitBody(node.http("/live/e2e.m3u8"), body -> body.split("#EXTINF").length > 2,
                    Duration.ofSeconds(15));
            Ffmpeg.Run hls = Ffmpeg.record(node.http("/live/e2e.m3u8"), 4, viaHls, dir);

            assertThat(rtmp.await(Duration.ofSeconds(20))).as(rtmp.stderr()).isZero();
            assertThat(flv.await(Duration.ofSeconds(20))).as(flv.stderr()).isZero();
            assertThat(hls.await(Duration.ofSeconds(20))).as(hls.stderr()).isZero();
            for (Path recording : new Path[] {viaRtmp, viaFlv, viaHls}) {
                assertPlaysCleanly(recording, 4.0);
            }
            assertThat(publisher.await(Duration.ofSeconds(30))).as(publisher.stderr()).isZero();
        }
    }

    @Test
    void mp3AudioIsCarriedToRtmpAndHttpFlvPlayers() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "mp3"), 8, "320x240", dir, "libmp3lame");
            node.awaitStream("live", "mp3", Duration.ofSeconds(15));
            Path viaFlv = dir.resolve("mp3.flv");
            Ffmpeg.Run flv = Ffmpeg.record(node.http("/live/mp3.flv"), 3, viaFlv, dir);
            assertThat(flv.await(Duration.ofSeconds(20))).as(flv.stderr()).isZero();
            JsonNode probe = Ffmpeg.probe(viaFlv.toString());
            assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("mp3");
            assertThat(Ffmpeg.stream(probe, "video").path("codec_name").asText()).isEqualTo("h264");
            publisher.kill();
        }
    }

    static void assertPlaysCleanly(Path recording, double expectedSeconds) throws Exception {
        JsonNode probe = Ffmpeg.probe(recording.toString());
        JsonNode video = Ffmpeg.stream(probe, "video");
        JsonNode audio = Ffmpeg.stream(probe, "audio");
        assertThat(video.path("codec_name").asText()).as(recording + " video codec").isEqualTo("h264");
        assertThat(video.path("width").asInt()).as(recording + " width").isEqualTo(320);
        assertThat(video.path("height").asInt()).as(recording + " height").isEqualTo(240);
        assertThat(audio.path("codec_name").asText()).as(recording + " audio codec").isEqualTo("aac");
        assertThat(audio.path("sample_rate").asInt()).as(recording + " sample rate").isEqualTo(44100);
        assertThat(Ffmpeg.duration(probe)).as(recording + " duration").isBetween(expectedSeconds - 0.5,
                expectedSeconds + 0.5);
        assertThat(Ffmpeg.decodeErrors(recording)).as(recording + " decodes without errors").isEmpty();
    }
}
