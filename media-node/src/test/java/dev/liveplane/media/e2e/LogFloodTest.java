package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What an attacker can make a node write to its log: one bad connection is one warning at most, and a flood of them
 * is a few lines a minute that say how many were left out, not a line (or a dozen) each.
 */
class LogFloodTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level rootLevel;
    private LocalNode node;

    @BeforeEach
    void capture() throws InterruptedException {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.INFO);
        captured.start();
        root.addAppender(captured);
        node = LocalNode.start(LocalNode.loopback().withIdleTimeout(Duration.ofSeconds(2)));
    }

    @AfterEach
    void release() {
        node.close();
        root.detachAppender(captured);
        root.setLevel(rootLevel);
    }

    @Test
    void oneRtmpConnectionSendingGarbageWritesOneWarning() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(11).nextBytes(garbage);
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.send(garbage);
            assertThat(socket.closedByPeer()).isTrue();
        }
        Thread.sleep(300); // lines logged as the close completes
        assertThat(warnings()).as(warnings().toString()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void oneHttpConnectionSendingGarbageWritesOneWarning() throws Exception {
        byte[] garbage = new byte[64 * 1024];
        new Random(12).nextBytes(garbage);
        System.arraycopy("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 16);
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.httpPort())) {
            socket.send(garbage);
            assertThat(socket.closedByPeer()).isTrue();
        }
        Thread.sleep(300);
        assertThat(warnings()).as(warnings().toString()).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aFloodOfBadConnectionsIsAFewLinesCarryingTheCountLeftOut() throws Exception {
        int connections = 60;
        for (int i = 0; i < connections; i++) {
            byte[] garbage = new byte[4096];
            new Random(i).nextBytes(garbage);
            try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
                socket.send(garbage);
                assertThat(socket.closedByPeer()).isTrue();
            }
        }
        Thread.sleep(300);
        List<String> lines = warnings();
        assertThat(lines.size()).as(String.join("\n", lines)).isBetween(1, connections * 2 / 3); // 30 a minute, plus the refill while the flood runs

        Thread.sleep(2_500); // the limit lets one more line through every two seconds
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.send(new byte[] {(byte) 0xC5, 1, 2, 3});
            assertThat(socket.closedByPeer()).isTrue();
        }
        Thread.sleep(300);
        List<String> after = warnings();
        assertThat(after).hasSize(lines.size() + 1);
        // The line that gets through says how many were left out: the flood is still visible, as a number.
        assertThat(after.get(after.size() - 1)).containsPattern("suppressed=[1-9][0-9]*$");
    }

    private List<String> warnings() {
        return captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .filter(e -> !e.getLoggerName().startsWith("io.netty"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
