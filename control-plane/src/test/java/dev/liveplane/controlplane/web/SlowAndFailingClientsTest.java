package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What one client can do to the control plane by being slow or by failing: a request trickled in a byte at a time
 * is cut at the request deadline while a long poll that takes longer is answered, and a request that fails the
 * same way on every retry leaves a few stack traces in the log, not one per retry.
 */
@MicronautTest
class SlowAndFailingClientsTest extends ApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.http.request-deadline", "2s", "liveplane.test.boom-route", "true");
    }

    @Test
    void aRequestTrickledInAByteAtATimeIsCutAtTheDeadline() throws IOException {
        byte[] request = ("POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "X-Padding: " + "a".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Optional<Duration> closedAfter = trickle(request, Duration.ofMillis(250), Duration.ofSeconds(10));
        assertThat(closedAfter).as("still open after trickling for 10 s").isPresent();
        assertThat(closedAfter.get()).isBetween(DEADLINE.minusMillis(200), Duration.ofSeconds(6));
    }

    @Test
    void aLongPollLongerThanTheDeadlineIsAnswered() {
        String bootstrap = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "poll"))
                .expect(201).json().get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "192.0.2.20",
                "rtmpPort", 1935, "httpPort", 8081, "region", "poll")).expect(201).json();
        String config = "/internal/v1/nodes/" + node.get("nodeId").asText() + "/config";
        String credential = node.get("credential").asText();
        long version = api.get(config, credential).expect(200).json().get("version").asLong();
        long start = System.nanoTime();
        Api.Response unchanged = api.get(config + "?version=" + version + "&waitSeconds=4", credential);
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(waited).isGreaterThan(DEADLINE.multipliedBy(3).dividedBy(2));
    }

    @Test
    void aRequestFailingOnEveryRetryLogsAFewStackTracesNotOnePerRetry() {
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.start();
        root.addAppender(captured);
        try {
            for (int i = 0; i < 50; i++) {
                JsonNode problem = api.get("/test/boom", null).expectProblem(500, "internal-error");
                assertThat(problem.toString()).doesNotContain("a bug");
            }
        } finally {
            root.detachAppender(captured);
        }
        long traces = captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .filter(e -> e.getThrowableProxy() != null).count();
        assertThat(traces).isBetween(1L, 5L);
    }

    /** Sends {@code bytes} one at a time; how long after connecting the server closed, or empty if it did not. */
    private Optional<Duration> trickle(byte[] bytes, Duration interval, Duration limit) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) interval.toMillis());
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] sink = new byte[8192];
            int next = 0;
            while (System.nanoTime() - start < limit.toNanos()) {
                try {
                    out.write(bytes[next++ % bytes.length]);
                    out.flush();
                    if (in.read(sink) < 0) {
                        return Optional.of(Duration.ofNanos(System.nanoTime() - start));
                    }
                } catch (SocketTimeoutException e) {
                    // still open: the next byte
                } catch (IOException e) {
                    return Optional.of(Duration.ofNanos(System.nanoTime() - start));
                }
            }
            return Optional.empty();
        }
    }
}
