package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed clients are cut off with a logged reason while a real stream on the same node carries on. */
class BadInputTest {

    private static LocalNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = LocalNode.start(LocalNode.loopback().withIdleTimeout(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void garbageInsteadOfAHandshakeIsRefused() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        garbage[0] = 0x47; // not RTMP version 3
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort())) {
            socket.send(garbage);
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void aTruncatedHandshakeTimesOut() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort())) {
            socket.send(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 0});
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void anAbsurdChunkSizeClosesTheConnection() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.send(new byte[] {
                0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, // fmt 0, csid 2, length 4, SetChunkSize, msid 0
                0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void anAbsurdMessageLengthClosesTheConnectionWithoutAllocatingIt() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.send(new byte[] {
                0x03, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 20, 0, 0, 0, 0, // 16 MiB command message
                0x02, 0, 7, 'c', 'o', 'n', 'n', 'e', 'c', 't'});
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void aPeerThatKeepsTalkingButNeverConnectsIsClosedAfterTheIdleTimeout() throws Exception {
        // RTMP spec 7.1.7: a ping request every 300 ms keeps the idle guard quiet; only the connect deadline acts.
        byte[] ping = {0x02, 0, 0, 0, 0, 0, 6, 4, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1};
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            long start = System.nanoTime();
            boolean closed = false;
            while (!closed && System.nanoTime() - start < Duration.ofSeconds(8).toNanos()) {
                try {
                    socket.send(ping);
                } catch (java.io.IOException e) {
                    closed = true; // already gone
                }
                closed = closed || socket.closedByPeer(Duration.ofMillis(300));
            }
            assertThat(closed).as("closed while still sending pings").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void malformedAmfInConnectClosesTheConnection() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.send(new byte[] {
                0x03, 0, 0, 0, 0, 0, 10, 20, 0, 0, 0, 0,
                0x02, 0, 50, 'c', 'o', 'n', 'n', 'e', 'c', 't'}); // string claims 50 bytes, has 7
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void otherStreamsCarryOnWhileBadClientsAreCutOff() throws Exception {
        Ffmpeg.Run publisher = Ffmpeg.publish(node.rtmp("live", "steady"), 8, "320x240", dir, "aac");
        node.awaitStream("live", "steady", Duration.ofSeconds(15));
        Path recording = dir.resolve("steady.flv");
        Ffmpeg.Run player = Ffmpeg.record(node.http("/live/steady.flv"), 3, recording, dir);
        for (int i = 0; i < 8; i++) {
            byte[] garbage = new byte[2048];
            new Random(i).nextBytes(garbage);
            try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
                socket.send(garbage);
                assertThat(socket.closedByPeer()).isTrue();
            }
        }
        assertThat(player.await(Duration.ofSeconds(20))).as(player.stderr()).isZero();
        assertThat(Ffmpeg.duration(Ffmpeg.probe(recording.toString()))).isBetween(2.5, 3.5);
        assertThat(Ffmpeg.decodeErrors(recording)).isEmpty();
        assertThat(LocalNode.get(node.admin("/metrics")).body()).contains("liveplane_protocol_errors_total");
        publisher.kill();
    }

    @Test
    void anHttpConnectionThatSaysNothingIsClosed() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.httpPort())) {
            assertThat(socket.closedByPeer()).isTrue();
        }
    }

    @Test
    void playersAskingForWhatDoesNotExistGetPlainHttpErrors() throws Exception {
        assertThat(LocalNode.get(node.http("/live/nobody.flv")).statusCode()).isEqualTo(404);
        assertThat(LocalNode.get(node.http("/live/nobody.m3u8")).statusCode()).isEqualTo(404);
        assertThat(LocalNode.get(node.http("/live/nobody-3.ts")).statusCode()).isEqualTo(404);
        assertThat(LocalNode.get(node.http("/live/../etc/passwd")).statusCode()).isEqualTo(404);
        assertThat(LocalNode.get(node.http("/just-a-path")).statusCode()).isEqualTo(404);
    }
}
