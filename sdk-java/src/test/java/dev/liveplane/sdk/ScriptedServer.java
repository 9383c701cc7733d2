package dev.liveplane.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP server on loopback that answers each request with the next scripted reply, and records it. */
final class ScriptedServer implements AutoCloseable {

    /** What to answer one request with: a status, headers and body, maybe late, or a dropped connection. */
    record Reply(int status, Map<String, String> headers, String body, Duration delay, boolean hangUp) {

        static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), body, Duration.ZERO, false);
        }

        static Reply problem(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/problem+json"), body, Duration.ZERO, false);
        }

        static Reply status(int status) {
            return new Reply(status, Map.of(), "", Duration.ZERO, false);
        }

        /** Closes the connection without a byte of response. */
        static Reply drop() {
            return new Reply(0, Map.of(), "", Duration.ZERO, true);
        }

        Reply header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, delay, hangUp);
        }

        Reply after(Duration wait) {
            return new Reply(status, headers, body, wait, hangUp);
        }
    }

    /** One request as it arrived: header names in lower case, the path and query raw, the client's port. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body,
            long arrivedNanos, int clientPort) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static ScriptedServer start() {
        try {
            return new ScriptedServer();
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    ScriptedServer then(Reply... next) {
        replies.addAll(List.of(next));
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        URI uri = exchange.getRequestURI();
        requests.add(new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body,
                System.nanoTime(), exchange.getRemoteAddress().getPort()));

        Reply reply = replies.poll();
        if (reply == null) {
            reply = Reply.problem(500, "{\"type\":\"about:blank\",\"title\":\"no scripted reply\",\"status\":500}");
        }
        sleep(reply.delay());
        if (reply.hangUp()) {
            // Closing before any response header closes the connection itself.
            exchange.close();
            return;
        }
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
