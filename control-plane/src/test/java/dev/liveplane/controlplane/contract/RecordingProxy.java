package dev.liveplane.controlplane.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * Forwards HTTP calls to the control plane unchanged and keeps each one, request and answer, as a
 * {@link NodeExchange}: media nodes pointed at it speak to the real control plane while the test reads the wire.
 */
public final class RecordingProxy implements AutoCloseable {

    /** Set by the client or the server for their own connection; the proxy's two legs each have their own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade", "date");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ConcurrentLinkedQueue<NodeExchange> recorded = new ConcurrentLinkedQueue<>();

    public RecordingProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::forward);
        // A thread per call: the nodes' config long polls each hold one for up to their wait.
        server.setExecutor(threads);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Every call forwarded so far, in the order the answers came. */
    public List<NodeExchange> exchanges() {
        return List.copyOf(recorded);
    }

    private void forward(HttpExchange call) throws IOException {
        try (call) {
            String path = call.getRequestURI().getRawPath();
            String query = call.getRequestURI().getRawQuery() == null ? "" : call.getRequestURI().getRawQuery();
            byte[] requestBody = call.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path + (query.isEmpty() ? ""
                    : "?" + query))).timeout(Duration.ofSeconds(90))
                    .method(call.getRequestMethod(), requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(requestBody));
            Map<String, List<String>> requestHeaders = headers(call.getRequestHeaders());
            requestHeaders.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
            HttpResponse<byte[]> answer;
            try {
                answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                call.sendResponseHeaders(502, -1);
                return;
            }
            Map<String, List<String>> responseHeaders = headers(answer.headers().map());
            responseHeaders.forEach((name, values) -> call.getResponseHeaders().put(name, values));
            byte[] body = answer.body();
            recorded.add(new NodeExchange(call.getRequestMethod(), path, query, requestHeaders,
                    new String(requestBody, StandardCharsets.UTF_8), answer.statusCode(), responseHeaders,
                    new String(decoded(body, responseHeaders), StandardCharsets.UTF_8)));
            call.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = call.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The answer as the node reads it: a gzipped snapshot ({@code Content-Encoding: gzip}) unzipped. */
    private static byte[] decoded(byte[] body, Map<String, List<String>> headers) throws IOException {
        if (!headers.getOrDefault("content-encoding", List.of()).contains("gzip")) {
            return body;
        }
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return unzipped.readAllBytes();
        }
    }

    private static Map<String, List<String>> headers(Map<String, List<String>> all) {
        Map<String, List<String>> kept = new TreeMap<>();
        all.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":")) {
                kept.put(lower, List.copyOf(values));
            }
        });
        return kept;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
