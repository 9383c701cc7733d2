package dev.liveplane.media.fleet;

import dev.liveplane.api.stream.StreamKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Speaks the node protocol of api/openapi.yaml (tag {@code nodes}) over the JDK's HTTP client, asynchronously on its
 * own executor: register, config by long poll, heartbeat, stream events, usage and origin lookups. Bodies are JSON
 * text; the caller builds and reads them. Every request has a timeout; nothing here retries.
 */
final class ControlPlaneClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** A viewer waits on an origin lookup, so it must answer well within the relay's setup time. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(3);

    private final URI base;
    private final HttpClient http;

    ControlPlaneClient(URI base, Executor executor) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    CompletableFuture<HttpResponse<String>> register(String bootstrapToken, String body) {
        return post("/internal/v1/nodes/register", bootstrapToken, body);
    }

    /** The snapshot if it differs from {@code version} (or at once when null), else 304 after at most {@code wait}. */
    CompletableFuture<HttpResponse<String>> config(NodeIdentity identity, Long version, Duration wait) {
        return longPoll(identity, "/config?waitSeconds=" + wait.toSeconds()
                + (version == null ? "" : "&version=" + version), wait);
    }

    /**
     * The changes since {@code since} as a ConfigDelta when the version differs, else 304 after at most {@code wait};
     * 409 when the control plane cannot give them, 404 from one older than the route.
     */
    CompletableFuture<HttpResponse<String>> configChanges(NodeIdentity identity, long since, Duration wait) {
        return longPoll(identity, "/config/changes?since=" + since + "&waitSeconds=" + wait.toSeconds(), wait);
    }

    private CompletableFuture<HttpResponse<String>> longPoll(NodeIdentity identity, String pathAndQuery,
            Duration wait) {
        HttpRequest request = HttpRequest.newBuilder(uri(identity, pathAndQuery))
                .timeout(wait.plus(REQUEST_TIMEOUT))
                .header("Authorization", "Bearer " + identity.credential())
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .GET()
                .build();
        return http.sendAsync(request, DecodedBody.TEXT);
    }

    CompletableFuture<HttpResponse<String>> heartbeat(NodeIdentity identity, String body) {
        return post(nodePath(identity, "/heartbeat"), identity.credential(), body);
    }

    CompletableFuture<HttpResponse<String>> events(NodeIdentity identity, String body) {
        return post(nodePath(identity, "/events"), identity.credential(), body);
    }

    CompletableFuture<HttpResponse<String>> usage(NodeIdentity identity, String body) {
        return post(nodePath(identity, "/usage"), identity.credential(), body);
    }

    CompletableFuture<HttpResponse<String>> recordings(NodeIdentity identity, String body) {
        return post(nodePath(identity, "/recordings"), identity.credential(), body);
    }

    /** Where a stream is published: 200 StreamOrigin, or 404 when it is live nowhere. */
    CompletableFuture<HttpResponse<String>> origin(NodeIdentity identity, StreamKey stream) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/internal/v1/streams/"
                        + segment(stream.domain()) + "/" + segment(stream.app()) + "/" + segment(stream.stream())
                        + "/origin"))
                .timeout(LOOKUP_TIMEOUT)
                .header("Authorization", "Bearer " + identity.credential())
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(String path, String bearer, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(NodeIdentity identity, String suffix) {
        return URI.create(base + nodePath(identity, suffix));
    }

    private static String nodePath(NodeIdentity identity, String suffix) {
        return "/internal/v1/nodes/" + segment(identity.nodeId()) + suffix;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
