package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against every listener of a real node: a client that trickles its request a byte at a time (which keeps
 * a reader-idle timeout quiet) is closed once the request deadline passes, while a real HTTP-FLV viewer, which sends
 * nothing after its request, plays on well past it.
 */
class SlowClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Duration BYTE_EVERY = Duration.ofMillis(250);
    // Generous for a loaded machine, yet well short of the trickle's own end: a node without a deadline fails.
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(6);
    private static final Duration TRICKLE_FOR = Duration.ofSeconds(10);

    private static LocalNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = LocalNode.start(LocalNode.loopback().withIdleTimeout(DEADLINE));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aTrickledHttpRequestHeadIsClosedAtTheDeadline() throws Exception {
        assertClosedAtTheDeadline(node.node.httpPort(), httpRequest());
    }

    @Test
    void aTrickledAdminRequestHeadIsClosedAtTheDeadline() throws Exception {
        assertClosedAtTheDeadline(node.node.adminPort(), httpRequest());
    }

    @Test
    void aTrickledRtmpHandshakeIsClosedAtTheDeadline() throws Exception {
        byte[] c0c1 = new byte[1537];
        new Random(3).nextBytes(c0c1);
        c0c1[0] = 3;
        assertClosedAtTheDeadline(node.node.rtmpPort(), c0c1);
    }

    @Test
    void anHttpFlvViewerPlaysOnLongPastTheDeadline() throws Exception {
        Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "steady"), 30, "320x240", dir, "aac");
        try {
            node.awaitStream("live", "steady", Duration.ofSeconds(15));
            try (HttpFlvPlayer player = HttpFlvPlayer.open(node.node.httpPort(), "/live/steady.flv")) {
                long start = System.nanoTime();
                long played = Duration.ofSeconds(3).multipliedBy(DEADLINE.toSeconds()).toNanos();
                long firstTimestamp = -1;
                long lastTimestamp = -1;
                while (System.nanoTime() - start < played) {
                    HttpFlvPlayer.Tag tag = player.next();
                    assertThat(tag).as("the FLV body ended %d ms in", (System.nanoTime() - start) / 1_000_000)
                            .isNotNull();
                    if (tag.type() == 9) {
                        firstTimestamp = firstTimestamp < 0 ? tag.timestamp() : firstTimestamp;
                        lastTimestamp = tag.timestamp();
                    }
                }
                // Media kept coming for three deadlines: the viewer was never cut.
                assertThat(lastTimestamp - firstTimestamp).isGreaterThan(DEADLINE.toMillis() * 2);
            }
        } finally {
            publisher.kill();
        }
    }

    private static void assertClosedAtTheDeadline(int port, byte[] request) throws Exception {
        Optional<Duration> closedAfter = Trickler.trickle(port, request, BYTE_EVERY, TRICKLE_FOR);
        assertThat(closedAfter).as("still open after trickling for %s", TRICKLE_FOR).isPresent();
        assertThat(closedAfter.get()).isBetween(DEADLINE.minusMillis(200), CLOSED_WITHIN);
    }

    private static byte[] httpRequest() {
        return ("GET /live/steady.flv HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(200) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
