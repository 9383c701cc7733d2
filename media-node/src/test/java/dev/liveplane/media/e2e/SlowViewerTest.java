package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.server.stream.StreamSettings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A viewer that stops reading loses whole GOPs and is then cut off; the other viewers never notice. */
class SlowViewerTest {

    @TempDir
    Path dir;

    @Test
    void aStalledViewerIsDisconnectedWhileAHealthyOneKeepsRealTime() throws Exception {
        StreamSettings tight = new StreamSettings(8L << 20, 32 * 1024, 4L << 20, 2, 4096, Duration.ofSeconds(1));
        // Small socket buffers so a stalled viewer shows within seconds instead of after the kernel's megabytes.
        NodeSettings.SocketSettings smallBuffers = new NodeSettings.SocketSettings(16 * 1024, 16 * 1024, 32 * 1024);
        try (LocalNode node = LocalNode.start(LocalNode.loopback().withStreams(tight).withSockets(smallBuffers))) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "slow"), 20, "640x360", dir, "aac");
            node.awaitStream("live", "slow", Duration.ofSeconds(15));

            try (Socket stalled = new Socket()) {
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", node.node.httpPort()));
                OutputStream out = stalled.getOutputStream();
                out.write(("GET /live/slow.flv HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();

                Path recording = dir.resolve("healthy.flv");
                Ffmpeg.Run healthy = Ffmpeg.record(node.http("/live/slow.flv"), 8, recording, dir);
                assertThat(healthy.await(Duration.ofSeconds(30))).as(healthy.stderr()).isZero();
                assertThat(Ffmpeg.duration(Ffmpeg.probe(recording.toString()))).isBetween(7.5, 8.5);
                assertThat(Ffmpeg.decodeErrors(recording)).isEmpty();

                String metrics = LocalNode.awaitBody(node.admin("/metrics"),
                        body -> counter(body, "liveplane_slow_viewers_disconnected_total") >= 1,
                        Duration.ofSeconds(20));
                assertThat(counter(metrics, "liveplane_dropped_frames_total")).isPositive();

                // The stalled socket now reads what was in flight, then sees the node's close.
                stalled.setSoTimeout(10_000);
                InputStream in = stalled.getInputStream();
                byte[] sink = new byte[65536];
                long total = 0;
                int n;
                while ((n = in.read(sink)) >= 0) {
                    total += n;
                }
                assertThat(total).isPositive();
            }
            publisher.kill();
        }
    }

    static double counter(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
