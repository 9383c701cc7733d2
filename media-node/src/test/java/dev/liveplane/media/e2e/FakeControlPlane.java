package dev.liveplane.media.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.StreamEventBatch;
import dev.liveplane.api.node.model.RecordingReportBatch;
import dev.liveplane.api.node.model.UsageRecordBatch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node protocol of api/openapi.yaml (tag {@code nodes}) on an ephemeral loopback port, as literally as a test
 * can: register with the bootstrap token, config by long poll (whole snapshots and changes, {@link FakeConfig}),
 * heartbeat with an ack the test sets, events and usage (202 {accepted, rejected}, repeats by id not counted; usage
 * in {@link FakeUsage}).
 * Tests can revoke credentials, rotate one through the next ack, fail event posts, refuse a batch whole or set some
 * of its events aside, and delete a node (410 {@code node-deleted} on its routes and its registration).
 */
final class FakeControlPlane implements AutoCloseable {

    static final String BOOTSTRAP_TOKEN = "lpb_tok1_s3cret";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads what the node sends as the spec's generated types: a field the spec does not describe is a 400. */
    private static final ObjectMapper SPEC = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();
    private static final Pattern NODE_PATH = Pattern.compile(
            "^/internal/v1/nodes/([^/]+)/(config|config/changes|heartbeat|events|usage|recordings)$");
    private static final Pattern ORIGIN_PATH = Pattern.compile("^/internal/v1/streams/([^/]+)/([^/]+)/([^/]+)/origin$");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    /** The config routes: whole snapshots, changes, and what each sent. */
    final FakeConfig config = new FakeConfig();

    final AtomicInteger registrations = new AtomicInteger();
    final List<JsonNode> registrationBodies = new CopyOnWriteArrayList<>();
    /** Valid credential to the node it belongs to. */
    final Map<String, String> credentials = new ConcurrentHashMap<>();
    final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    final List<String> bearersSeen = new CopyOnWriteArrayList<>();
    /** Every event body posted, in order, including refused and repeated ones. */
    final AtomicInteger eventPosts = new AtomicInteger();
    /** Every event in every batch the fake took (not failed), repeats included: what the node sent. */
    final AtomicInteger eventsReceived = new AtomicInteger();
    /** Events recorded once each, in the order they were first accepted. */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Map<String, Boolean> eventIds = new ConcurrentHashMap<>();
    final AtomicInteger failNextEventPosts = new AtomicInteger();
    /** Stream names whose events get their whole batch refused with 422, as a body the control plane cannot read. */
    final Set<String> refuseBatchesWith = ConcurrentHashMap.newKeySet();
    /** Stream names whose events the 202 names in {@code rejected}: set aside, not recorded. */
    final Set<String> setAside = ConcurrentHashMap.newKeySet();
    /** Origin lookups answered, by stream key ({@code domain/app/stream}). */
    final Map<String, AtomicInteger> originLookups = new ConcurrentHashMap<>();
    /** Which node each live stream ({@code domain/app/stream}) is published on, from the publish events. */
    private final Map<String, String> online = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> registered = new ConcurrentHashMap<>();
    /** Each heartbeat with the streams the node's answered events left online on it when it arrived. */
    final List<ListedHeartbeat> listedHeartbeats = new CopyOnWriteArrayList<>();
    /** Bodies the node sent that the spec does not describe (answered 400). */
    final List<String> contractViolations = new CopyOnWriteArrayList<>();
    /** The usage route: records by id, outages. */
    final FakeUsage usage = new FakeUsage();
    /** The recordings route: reports by id. */
    final FakeRecordings recordings = new FakeRecordings();
    /** Nodes the operator deleted. */
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    volatile String ackStatus = "HEALTHY";
    volatile String rotateTo;
    volatile int heartbeatIntervalSeconds = 1;

    FakeControlPlane() throws IOException {
        this(0);
    }

    FakeControlPlane(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.setExecutor(executor);
        server.createContext("/internal/v1/nodes/", this::handle);
        server.createContext("/internal/v1/streams/", this::origin);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Makes {@code json} (a ConfigSnapshot whose version is {@code version}) current and answers waiting polls. */
    void publish(long version, String json) {
        config.publish(version, json);
    }

    void revoke(String credential) {
        credentials.remove(credential);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/internal/v1/nodes/register") && exchange.getRequestMethod().equals("POST")) {
                register(exchange);
                return;
            }
            Matcher matcher = NODE_PATH.matcher(path);
            if (!matcher.matches()) {
                FakeHttp.problem(exchange, 404, "not found");
                return;
            }
            String bearer = FakeHttp.bearer(exchange);
            bearersSeen.add(bearer == null ? "" : bearer);
            String owner = bearer == null ? null : credentials.get(bearer);
            if (owner == null) {
                FakeHttp.problem(exchange, 401, "no valid credential");
                return;
            }
            if (deleted.contains(owner)) {
                FakeHttp.problem(exchange, 410, "node-deleted");
                return;
            }
            if (!owner.equals(matcher.group(1))) {
                FakeHttp.problem(exchange, 403, "not this node's credential");
                return;
            }
            switch (matcher.group(2)) {
                case "config" -> config.whole(exchange);
                case "config/changes" -> config.changes(exchange);
                case "heartbeat" -> heartbeat(exchange, owner, bearer);
                case "usage" -> {
                    JsonNode batch = JSON.readTree(exchange.getRequestBody());
                    if (describedBySpec(exchange, batch, UsageRecordBatch.class)) {
                        usage.post(exchange, batch);
                    }
                }
                case "recordings" -> {
                    JsonNode batch = JSON.readTree(exchange.getRequestBody());
                    if (describedBySpec(exchange, batch, RecordingReportBatch.class)) {
                        recordings.post(exchange, batch);
                    }
                }
                default -> events(exchange, owner);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void register(HttpExchange exchange) throws IOException {
        if (!BOOTSTRAP_TOKEN.equals(FakeHttp.bearer(exchange))) {
            FakeHttp.problem(exchange, 401, "bootstrap token not valid");
            return;
        }
        JsonNode registration = JSON.readTree(exchange.getRequestBody());
        if (!describedBySpec(exchange, registration, NodeRegistration.class)) {
            return;
        }
        registrationBodies.add(registration);
        if (deleted.contains(registration.path("nodeId").asText(""))) {
            FakeHttp.problem(exchange, 410, "node-deleted");
            return;
        }
        int n = registrations.incrementAndGet();
        String nodeId = "node-" + n;
        registered.put(nodeId, registration);
        String credential = "eyJhbGciOiJFUzI1NiJ9.node-" + n + ".sig";
        credentials.put(credential, nodeId);
        FakeHttp.send(exchange, 201, """
                {"nodeId": "%s", "credential": "%s", "expiresAt": "%s", "heartbeatIntervalSeconds": %d}
                """.formatted(nodeId, credential, Instant.now().plusSeconds(3600), heartbeatIntervalSeconds));
    }

    private void heartbeat(HttpExchange exchange, String nodeId, String bearer) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        if (!describedBySpec(exchange, body, NodeHeartbeat.class)) {
            return;
        }
        heartbeats.add(body);
        Set<String> onNode = new TreeSet<>();
        online.forEach((stream, owner) -> {
            if (owner.equals(nodeId)) {
                onNode.add(stream);
            }
        });
        listedHeartbeats.add(new ListedHeartbeat(body, onNode));
        String rotated = rotateTo;
        StringBuilder ack = new StringBuilder("{\"status\": \"" + ackStatus + "\"");
        if (rotated != null) {
            rotateTo = null;
            credentials.put(rotated, nodeId);
            ack.append(", \"credential\": \"").append(rotated).append("\", \"expiresAt\": \"")
                    .append(Instant.now().plusSeconds(7200)).append('"');
        }
        FakeHttp.send(exchange, 200, ack.append('}').toString());
    }

    private void events(HttpExchange exchange, String nodeId) throws IOException {
        JsonNode batch = JSON.readTree(exchange.getRequestBody());
        if (!describedBySpec(exchange, batch, StreamEventBatch.class)) {
            return;
        }
        eventPosts.incrementAndGet();
        if (failNextEventPosts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            FakeHttp.problem(exchange, 500, "database unavailable");
            return;
        }
        for (JsonNode event : batch.path("events")) {
            if (refuseBatchesWith.contains(event.path("stream").asText())) {
                FakeHttp.problem(exchange, 422, "events[].video.width: must be an integer");
                return;
            }
        }
        eventsReceived.addAndGet(batch.path("events").size());
        int accepted = 0;
        ArrayNode rejected = JSON.createArrayNode();
        for (int i = 0; i < batch.path("events").size(); i++) {
            JsonNode event = batch.path("events").get(i);
            if (setAside.contains(event.path("stream").asText())) {
                rejected.addObject().put("index", i).put("id", event.path("id").asText())
                        .put("reason", "audio.codec: unreadable");
                continue;
            }
            if (eventIds.putIfAbsent(event.path("id").asText(), true) == null) {
                events.add(event);
                String stream = event.path("domain").asText() + "/" + event.path("app").asText() + "/"
                        + event.path("stream").asText();
                if ("publish".equals(event.path("type").asText())) {
                    online.put(stream, nodeId);
                } else {
                    online.remove(stream, nodeId);
                }
                accepted++;
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("accepted", accepted);
        answer.set("rejected", rejected);
        FakeHttp.send(exchange, 202, answer.toString());
    }

    /** GET /internal/v1/streams/{domain}/{app}/{stream}/origin: where the publish events say it is live. */
    private void origin(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher matcher = ORIGIN_PATH.matcher(exchange.getRequestURI().getPath());
            if (!matcher.matches() || !exchange.getRequestMethod().equals("GET")) {
                FakeHttp.problem(exchange, 404, "not found");
                return;
            }
            String bearer = FakeHttp.bearer(exchange);
            if (bearer == null || !credentials.containsKey(bearer)) {
                FakeHttp.problem(exchange, 401, "no valid credential");
                return;
            }
            String stream = matcher.group(1) + "/" + matcher.group(2) + "/" + matcher.group(3);
            originLookups.computeIfAbsent(stream, k -> new AtomicInteger()).incrementAndGet();
            String nodeId = online.get(stream);
            JsonNode node = nodeId == null ? null : registered.get(nodeId);
            if (node == null) {
                FakeHttp.problem(exchange, 404, "stream not live");
                return;
            }
            FakeHttp.send(exchange, 200, """
                    {"nodeId": "%s", "address": "%s", "rtmpPort": %d, "httpPort": %d}
                    """.formatted(nodeId, node.path("address").asText("127.0.0.1"), node.path("rtmpPort").asInt(),
                    node.path("httpPort").asInt()));
        }
    }

    /** A heartbeat, and the streams online on its node by the events recorded when it arrived. */
    record ListedHeartbeat(JsonNode body, Set<String> recordedOnline) {

        /** The {@code published} list as {@code domain/app/stream}, or null when the heartbeat had none. */
        Set<String> published() {
            if (!body.has("published")) {
                return null;
            }
            Set<String> listed = new TreeSet<>();
            body.get("published").forEach(p -> listed.add(p.path("domain").asText() + "/" + p.path("app").asText()
                    + "/" + p.path("stream").asText()));
            return listed;
        }
    }

    List<JsonNode> events(String type) {
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode event : events) {
            if (type.equals(event.path("type").asText())) {
                matching.add(event);
            }
        }
        return matching;
    }

    /** Whether {@code body} reads as the spec's {@code type}; if not, answers 400 and counts a violation. */
    private boolean describedBySpec(HttpExchange exchange, JsonNode body, Class<?> type) throws IOException {
        try {
            SPEC.treeToValue(body, type);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            contractViolations.add(type.getSimpleName() + ": " + e.getMessage());
            FakeHttp.problem(exchange, 400, "not a " + type.getSimpleName());
            return false;
        }
    }

    @Override
    public void close() {
        config.close();
        server.stop(0);
        executor.shutdownNow();
    }
}
