package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node started with {@code --max-viewers} turns new viewers away once it holds that many, and takes more after. */
class CapacityTest {

    @TempDir
    Path dir;

    @Test
    void aFullNodeAnswers503UntilAViewerLeaves() throws Exception {
        try (LocalNode node = LocalNode.start(LocalNode.loopback().withMaxViewers(2))) {
            Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "full"), 20, "320x240", dir, "aac");
            try {
                node.awaitStream("live", "full", Duration.ofSeconds(10));
                String path = "/live/full.flv";
                try (HttpFlvPlayer first = HttpFlvPlayer.open(node.node.httpPort(), path);
                        HttpFlvPlayer second = HttpFlvPlayer.open(node.node.httpPort(), path)) {
                    first.fileHeader();
                    second.fileHeader();
                    HttpResponse<String> third = LocalNode.get(node.http(path));
                    assertThat(third.statusCode()).isEqualTo(503);
                    assertThat(third.body()).contains("full");
                }
                // The two left: the node takes viewers again once it has counted them out.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (true) {
                    try (HttpFlvPlayer again = HttpFlvPlayer.open(node.node.httpPort(), path)) {
                        assertThat(again.fileHeader()).isNotEmpty();
                        break;
                    } catch (IOException | IllegalStateException | AssertionError stillFull) {
                        if (System.nanoTime() > deadline) {
                            throw stillFull;
                        }
                        Thread.sleep(100);
                    }
                }
            } finally {
                publisher.kill();
            }
        }
    }
}
