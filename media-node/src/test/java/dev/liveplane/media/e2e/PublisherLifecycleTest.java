package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.server.stream.LiveStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What players and encoders see when a publisher stops, reconnects, or a second one tries the same stream. */
class PublisherLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void playersGetEndOfStreamWhenThePublisherStops() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "ending"), 6, "320x240", dir, "aac");
            node.awaitStream("live", "ending", Duration.ofSeconds(15));
            Path viaRtmp = dir.resolve("rtmp.flv");
            Path viaFlv = dir.resolve("http.flv");
            // No -t: the recorders can only stop because the node tells them the stream ended.
            Ffmpeg.Run rtmp = Ffmpeg.record(node.rtmp("live", "ending"), 0, viaRtmp, dir);
            Ffmpeg.Run flv = Ffmpeg.record(node.http("/live/ending.flv"), 0, viaFlv, dir);

            assertThat(publisher.await(Duration.ofSeconds(20))).as(publisher.stderr()).isZero();
            assertThat(rtmp.await(Duration.ofSeconds(10))).as(rtmp.stderr()).isZero();
            assertThat(flv.await(Duration.ofSeconds(10))).as(flv.stderr()).isZero();
            for (Path recording : new Path[] {viaRtmp, viaFlv}) {
                JsonNode probe = Ffmpeg.probe(recording.toString());
                assertThat(Ffmpeg.duration(probe)).as(recording + " duration").isBetween(2.0, 7.0);
                assertThat(Ffmpeg.decodeErrors(recording)).as(recording + " decodes cleanly").isEmpty();
            }
            String playlist = LocalNode.get(node.http("/live/ending.m3u8")).body();
            assertThat(playlist).contains("#EXT-X-ENDLIST");
            assertThat(node.stream("live", "ending")).isEmpty();
        }
    }

    @Test
    void aSecondConcurrentPublisherIsRefusedWithAClearStatus() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run first = Ffmpeg.publish(node.rtmp("live", "busy"), 12, "320x240", dir, "aac");
            LiveStream live = node.awaitStream("live", "busy", Duration.ofSeconds(15));
            Thread.sleep(500);

            Ffmpeg.Run second = Ffmpeg.publish(node.rtmp("live", "busy"), 4, "320x240", dir, "aac");
            assertThat(second.await(Duration.ofSeconds(15))).isNotZero();
            assertThat(second.stderr()).contains("Stream already publishing");
            assertThat(node.stream("live", "busy")).containsSame(live);
            first.kill();
        }
    }

    @Test
    void aPublisherThatReconnectsAfterACrashIsBackOnAirAtOnce() throws Exception {
        try (LocalNode node = LocalNode.start()) {
            Ffmpeg.Run crashed = Ffmpeg.publish(node.rtmp("live", "again"), 30, "320x240", dir, "aac");
            LiveStream before = node.awaitStream("live", "again", Duration.ofSeconds(15));
            crashed.kill(); // SIGKILL: no FCUnpublish, no deleteStream, the socket just goes away

            Ffmpeg.Run reconnected = Ffmpeg.publish(node.rtmp("live", "again"), 5, "320x240", dir, "aac");
            node.awaitStream("live", "again", Duration.ofSeconds(15), s -> s != before);
            Path viaFlv = dir.resolve("again.flv");
            Ffmpeg.Run flv = Ffmpeg.record(node.http("/live/again.flv"), 2, viaFlv, dir);
            assertThat(flv.await(Duration.ofSeconds(15))).as(flv.stderr()).isZero();
            assertThat(Ffmpeg.stream(Ffmpeg.probe(viaFlv.toString()), "video").path("codec_name").asText())
                    .isEqualTo("h264");
            assertThat(reconnected.await(Duration.ofSeconds(20))).as(reconnected.stderr()).isZero();
        }
    }

    @Test
    void aSilentPublisherWhoseConnectionNeverClosedGivesWayToTheEncoderThatReconnects() throws Exception {
        try (LocalNode node = LocalNode.start();
                RawRtmpSocket stale = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            // An encoder whose network dropped: it published, then nothing more arrives, and no FIN either.
            stale.command(0, "connect", 1, Map.of("app", "live", "tcUrl", node.rtmp("live", "")))
                    .command(0, "createStream", 2, null)
                    .command(1, "publish", 3, null, "stale", "live");
            LiveStream silent = node.awaitStream("live", "stale", Duration.ofSeconds(5));
            Thread.sleep(1_200); // longer than the default publisherStaleAfter of one second

            Ffmpeg.Run reconnected = Ffmpeg.publish(node.rtmp("live", "stale"), 3, "320x240", dir, "aac");
            node.awaitStream("live", "stale", Duration.ofSeconds(15), s -> s != silent);
            assertThat(stale.closedByPeer()).as("the stale session is reaped").isTrue();
            assertThat(reconnected.await(Duration.ofSeconds(20))).as(reconnected.stderr()).isZero();
        }
    }
}
