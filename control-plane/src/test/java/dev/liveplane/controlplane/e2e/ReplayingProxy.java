package dev.liveplane.controlplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An HTTP proxy between nodes and the control plane that sends every usage batch twice: each
 * {@code POST /internal/v1/nodes/{id}/usage} goes on as it came, and once answered, the same bytes again, whose
 * answer is kept ({@link #replays()}) and not shown to the node. Everything else passes through once; with the
 * control plane down the node gets 503, as from a load balancer with no backend.
 */
final class ReplayingProxy implements AutoCloseable {

    /** A usage batch as the node sent it and what the control plane said to it the first and the second time. */
    record Replay(int firstStatus, int firstAccepted, int replayStatus, int replayAccepted) {
    }

    private static final Pattern USAGE = Pattern.compile("/internal/v1/nodes/[^/]+/usage");
    /** Headers the JDK client sets itself (or refuses), and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Replay> replays = new CopyOnWriteArrayList<>();

    ReplayingProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** The URL nodes are given as {@code --control-plane}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Every usage batch that was answered and sent again, in order. */
    List<Replay> replays() {
        return List.copyOf(replays);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest request = upstreamRequest(exchange, body);
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException down) {
                respond(exchange, 503, "{\"title\":\"control plane unreachable\"}".getBytes(), "application/json");
                return;
            }
            if ("POST".equals(exchange.getRequestMethod())
                    && USAGE.matcher(exchange.getRequestURI().getPath()).matches()) {
                replay(request, answer);
            }
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            respond(exchange, answer.statusCode(), answer.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void replay(HttpRequest request, HttpResponse<byte[]> first) throws InterruptedException {
        int replayStatus;
        int replayAccepted;
        try {
            HttpResponse<byte[]> again = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            replayStatus = again.statusCode();
            replayAccepted = accepted(again);
        } catch (IOException e) {
            replayStatus = -1; // the control plane went down between the two: nothing was counted twice
            replayAccepted = 0;
        }
        replays.add(new Replay(first.statusCode(), accepted(first), replayStatus, replayAccepted));
    }

    private static int accepted(HttpResponse<byte[]> answer) {
        if (answer.statusCode() != 202) {
            return 0;
        }
        try {
            JsonNode body = JsonApi.JSON.readTree(answer.body());
            return body.path("accepted").asInt();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpRequest upstreamRequest(HttpExchange exchange, byte[] body) {
        URI target = upstream.resolve(exchange.getRequestURI().getRawPath().substring(1)
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        // Long enough for the config long poll (30 s) and then some.
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(90))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, String contentType)
            throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
