package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Adversarial: a peer that sends requests which each earn a reply and never reads the replies makes the node stop
 * reading it, instead of queueing replies in the node's memory for as long as the peer keeps sending.
 */
class ReplyFloodTest {

    private static LocalNode node;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = LocalNode.start(LocalNode.loopback().withIdleTimeout(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void anRtmpPeerFloodingPingRequestsWithoutReadingIsNoLongerRead() throws Exception {
        // RTMP spec 7.1.7: user control event 6, ping request; the node answers each with a ping response.
        byte[] ping = {0x02, 0, 0, 0, 0, 0, 6, 4, 0, 0, 0, 0, 0, 6, 0, 0, 0, 1};
        byte[] burst = new byte[ping.length * 4096];
        for (int i = 0; i < 4096; i++) {
            System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
        }
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            assertThat(floodUntilStalled(out -> socket.send(burst))).as("the node stopped reading").isTrue();
        }
    }

    @Test
    void anHttpPeerPipeliningRequestsWithoutReadingIsNoLongerRead() throws Exception {
        byte[] burst = "GET /live/nobody.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(512)
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", node.node.httpPort()));
            OutputStream out = socket.getOutputStream();
            assertThat(floodUntilStalled(o -> out.write(burst))).as("the node stopped reading").isTrue();
        }
    }

    private interface Burst {
        void send(Object ignored) throws IOException;
    }

    /**
     * Sends bursts from another thread and returns true once no byte has gone out for two seconds (the node no longer
     * reads, or closed the connection), false if the node was still taking bytes after 20 seconds.
     */
    private static boolean floodUntilStalled(Burst burst) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    burst.send(null);
                    sent.incrementAndGet();
                }
            } catch (IOException e) {
                // the node closed the connection: it is not reading either
            }
        }, "flood");
        writer.setDaemon(true);
        writer.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long last = -1;
            while (System.nanoTime() < deadline) {
                Thread.sleep(2_000);
                long now = sent.get();
                if (now == last && now > 0) {
                    return true;
                }
                last = now;
            }
            return false;
        } finally {
            writer.interrupt();
        }
    }
}
