package dev.liveplane.media.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.relay.StreamOrigin;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The origin locator against a real local HTTP server: the route, its answers and the cache in front of it. */
class ControlPlaneOriginLocatorTest {

    private static final NodeIdentity SELF = new NodeIdentity("node-b", "cred-b", null, 10);
    private static final StreamKey STREAM = new StreamKey("push.example.com", "live", "my stream");

    private HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = """
            {"nodeId": "node-a", "address": "10.0.0.1", "rtmpPort": 1935, "httpPort": 8081}""";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private ControlPlaneOriginLocator locator;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.add(exchange.getRequestURI().getRawPath() + " "
                        + exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        server.start();
        ControlPlaneClient client = new ControlPlaneClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), executor);
        locator = new ControlPlaneOriginLocator(client, () -> Optional.of(SELF), Duration.ofSeconds(2),
                Duration.ofSeconds(1), nanos::get);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private Optional<StreamOrigin> locate() throws Exception {
        return locator.locate(STREAM).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void asksTheRouteWithTheNodeCredentialAndKeepsAnOriginForTwoSeconds() throws Exception {
        assertThat(locate()).contains(new StreamOrigin("node-a", "10.0.0.1", 1935, 8081));
        assertThat(requests).containsExactly(
                "/internal/v1/streams/push.example.com/live/my%20stream/origin Bearer cred-b");
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertThat(locate()).isPresent();
        assertThat(requests).hasSize(1);
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(locate()).isPresent();
        assertThat(requests).hasSize(2);
    }

    @Test
    void aBurstOfCallersMakesOneLookup() throws Exception {
        var first = locator.locate(STREAM).toCompletableFuture();
        var second = locator.locate(STREAM).toCompletableFuture();
        assertThat(first.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(second.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(requests).hasSize(1);
    }

    @Test
    void notLiveIsKeptForOneSecond() throws Exception {
        status = 404;
        body = "{\"status\": 404}";
        assertThat(locate()).isEmpty();
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(locate()).isEmpty();
        assertThat(requests).hasSize(1);
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        status = 200;
        body = "{\"nodeId\": \"node-a\", \"address\": \"10.0.0.1\", \"rtmpPort\": 1935, \"httpPort\": 8081}";
        assertThat(locate()).isPresent();
    }

    @Test
    void thisNodeItselfAndFailuresAreNotElsewhere() throws Exception {
        body = "{\"nodeId\": \"node-b\", \"address\": \"10.0.0.2\", \"rtmpPort\": 1935, \"httpPort\": 8081}";
        assertThat(locate()).isEmpty();
        status = 500;
        body = "{}";
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(locate()).isEmpty();
        assertThat(locate()).isEmpty();
        assertThat(requests).hasSize(3); // a failed lookup is not cached
    }
}
