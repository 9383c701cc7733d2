package dev.liveplane.controlplane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The API as curl sees it: JSON over HTTP with a bearer credential, read against the spec's routes and field names
 * (api/openapi.yaml). The usage and billing scenarios use it rather than SDK facades so that each route can be
 * reached, and a missing one reported by name, whichever pieces of the platform are in the build.
 */
final class JsonApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: the status, the body as text and, when it is JSON, parsed. */
    record Answer(String method, String path, int status, String text) {

        JsonNode json() {
            try {
                return text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " answered " + status + " with no JSON: " + text, e);
            }
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The JSON body of a 2xx; anything else fails, naming the route (a missing piece answers 404 or 405). */
        JsonNode expectOk() {
            if (!ok()) {
                throw new AssertionError(method + " " + path + " answered " + status + ": " + text);
            }
            return json();
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    JsonApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    Answer get(String path) {
        return send("GET", path, null, Map.of());
    }

    Answer get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    /** A POST with an idempotency key of its own, as the SDK sends every create. */
    Answer postOnce(String path, Object body) {
        return send("POST", path, body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    Answer send(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1)
                    : path)).timeout(Duration.ofSeconds(15)).header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            headers.forEach(request::header);
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(method, path, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
