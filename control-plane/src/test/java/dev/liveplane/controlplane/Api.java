package dev.liveplane.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/**
 * A plain HTTP client for the running service (java.net.http, so every status and header is visible as a client
 * sees it), with the few steps most tests start with.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String PASSWORD = "correct horse battery staple";

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    public Api(URI base) {
        this.base = base;
    }

    /**
     * Sends a request. {@code body} is null (none), a String (sent as is) or an object (sent as JSON);
     * {@code headers} are name, value pairs (a null value leaves the header out, Content-Type included).
     */
    public Response call(String method, String path, String token, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean contentType = false;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                request.header(headers[i], headers[i + 1]);
            }
            contentType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !contentType) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : write(body)));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    public Response post(String path, String token, Object body, String... headers) {
        return call("POST", path, token, body, headers);
    }

    public Response delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** Signs up a new tenant with a unique email. */
    public Tenant signUp(String tenantName) {
        String email = "user-" + UUID.randomUUID() + "@example.org";
        Response response = post("/v1/auth/signup", null,
                Map.of("email", email, "password", PASSWORD, "tenantName", tenantName)).expect(201);
        return new Tenant(response.json().get("tenantId").asText(), response.json().get("accessToken").asText(),
                email);
    }

    /** Creates a domain and answers its JSON. */
    public JsonNode createDomain(Tenant tenant, String name, String type, String pushDomain) {
        Map<String, String> body = pushDomain == null ? Map.of("name", name, "type", type)
                : Map.of("name", name, "type", type, "pushDomain", pushDomain);
        return post("/v1/domains", tenant.token(), body).expect(201).json();
    }

    /** A domain name no other test uses, under {@code parent}. */
    public static String uniqueName(String label, String parent) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8) + "." + parent;
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A tenant as its first user sees it after signing up. */
    public record Tenant(String id, String token, String email) {
    }

    /** What came back. */
    public record Response(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** Asserts the status, showing the body when it differs. */
        public Response expect(int expected) {
            assertThat(status).as("status of a response with body %s", body).isEqualTo(expected);
            return this;
        }

        /** Asserts an RFC 7807 problem of this status and type slug, carrying the request id of the header. */
        public JsonNode expectProblem(int expected, String slug) {
            expect(expected);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.get("type").asText()).isEqualTo("https://liveplane.dev/problems/" + slug);
            assertThat(problem.get("status").asInt()).isEqualTo(expected);
            assertThat(problem.get("title").asText()).isNotBlank();
            assertThat(problem.get("requestId").asText()).isEqualTo(header("X-Request-Id"));
            return problem;
        }
    }
}
