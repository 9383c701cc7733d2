package dev.liveplane.bench.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Turns JSON calls of the control plane into asynchronous requests on one JDK {@link HttpClient}: its one selector
 * thread holds every connection (a thousand long polls included), and a few threads run the completions.
 */
final class ControlPlaneHttp implements AutoCloseable {

    /** One answer: status, the body as JSON (null when empty or not JSON), and when it was complete. */
    record Reply(int status, JsonNode json, String body, long receivedNanos) {

        boolean ok() {
            return status / 100 == 2;
        }

        String text(String field) {
            JsonNode value = json == null ? null : json.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    /**
     * Writes the node protocol's generated types as the spec has them: date-times as RFC 3339 text, and an unset
     * optional field left out rather than sent as {@code null}, which the spec does not allow.
     */
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final URI base;
    private final ExecutorService completions;
    private final HttpClient client;

    ControlPlaneHttp(URI base, int completionThreads) {
        this.base = base;
        this.completions = Executors.newFixedThreadPool(completionThreads, runnable -> {
            Thread thread = new Thread(runnable, "fleet-http");
            thread.setDaemon(true);
            return thread;
        });
        // HTTP/1.1: one long poll per connection, as nodes hold them; no h2c upgrade offered on cleartext.
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(completions)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A body of the node protocol's generated types, as JSON. */
    static JsonNode body(Object wireType) {
        return JSON.valueToTree(wireType);
    }

    /** A reply read as one of the node protocol's generated types; fails on JSON the type does not describe. */
    static <T> T read(Reply reply, Class<T> type) throws JsonProcessingException {
        return JSON.treeToValue(reply.json(), type);
    }

    /** A path segment, percent-encoded (node ids and names are opaque). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    CompletableFuture<Reply> send(String method, String path, String bearer, JsonNode body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(response -> {
                    long at = System.nanoTime();
                    return new Reply(response.statusCode(), parse(response.body()), response.body(), at);
                });
    }

    /** A whole config snapshot as fetched: status, the version from its ETag (-1 if none), its size on the wire. */
    record Snapshot(int status, long version, int wireBytes, long receivedNanos) {
    }

    /**
     * Fetches a whole config snapshot as a node does, with {@code Accept-Encoding: gzip}, and reads only its ETag:
     * parsing 35 MB of JSON per simulated node would make the load generator the bottleneck.
     */
    CompletableFuture<Snapshot> snapshot(String path, String bearer, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json").header("Accept-Encoding", "gzip")
                .header("Authorization", "Bearer " + bearer).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            long at = System.nanoTime();
            long version = response.headers().firstValue("ETag").map(tag -> tag.replaceAll("[^0-9]", ""))
                    .filter(digits -> !digits.isEmpty()).map(Long::parseLong).orElse(-1L);
            return new Snapshot(response.statusCode(), version, response.body().length, at);
        });
    }

    /** A setup call: waits for it and fails with what the server said unless it answered 2xx. */
    Reply call(String method, String path, String bearer, JsonNode body) {
        Reply reply;
        try {
            reply = send(method, path, bearer, body, Duration.ofSeconds(30)).join();
        } catch (CompletionException e) {
            throw new IllegalStateException(method + " " + path + ": no answer from " + base + ": " + e.getCause(), e);
        }
        if (!reply.ok()) {
            throw new IllegalStateException(method + " " + path + ": " + reply.status() + " " + excerpt(reply.body()));
        }
        return reply;
    }

    static String excerpt(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() {
        completions.shutdownNow();
    }
}
