package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slowloris against the embedded DNS server's TCP side, whose connections each take one of a few threads: a query
 * trickled in a byte every second (each read well inside the idle timeout) is cut once its whole time is up.
 */
class DnsSlowClientTest {

    private EmbeddedDnsServer dns;

    @BeforeEach
    void start() {
        dns = EmbeddedDnsServer.start(List.of("liveplane.test"), "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aQueryTrickledInAByteAtATimeIsCutWhenItsTimeIsUp() throws IOException {
        long start = System.nanoTime();
        Duration limit = TcpDnsListener.IDLE_TIMEOUT.multipliedBy(3);
        boolean closed = false;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), dns.port())) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(new byte[] {0x01, 0x00}); // a 256-byte query, sent one byte a second
            while (!closed && System.nanoTime() - start < limit.toNanos()) {
                try {
                    out.write(0x00);
                    out.flush();
                    closed = in.read() < 0;
                } catch (SocketTimeoutException e) {
                    // still open: the next byte
                } catch (IOException e) {
                    closed = true;
                }
            }
        }
        Duration after = Duration.ofNanos(System.nanoTime() - start);
        assertThat(closed).as("still open after %s", after).isTrue();
        assertThat(after).isLessThan(TcpDnsListener.IDLE_TIMEOUT.plusSeconds(3));
    }
}
