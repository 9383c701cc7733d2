package dev.liveplane.controlplane.recording;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the service recording into the embedded store ({@link LocalBucket}); gives tests the bucket, a registered node
 * and reports posted as a node posts them.
 */
abstract class RecordingTestBase extends ApiTestBase {

    static final String BUCKET = LocalBucket.BUCKET;
    static final String KEY_ID = LocalBucket.KEY_ID;
    static final String SECRET = LocalBucket.SECRET;

    @Inject
    RecordingStorage storage;

    @Inject
    ApplicationContext context;

    LocalBucket bucket;
    String bootstrapToken;
    /** A node registered for the class: reads the snapshot and reports files. */
    Node recorder;

    @Override
    protected Map<String, String> overrides() {
        Map<String, String> properties = new HashMap<>(LocalBucket.properties());
        properties.putAll(more());
        return properties;
    }

    /** Properties a test class needs on top of these. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @BeforeAll
    void bucketAndNodeToken() {
        bucket = LocalBucket.of(context);
        bootstrapToken = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "recorder"))
                .expect(201).json().get("token").asText();
        recorder = node();
    }

    @AfterAll
    void closeClient() {
        bucket.close();
    }

    void put(String key, byte[] bytes) {
        bucket.put(key, bytes);
    }

    boolean exists(String key) {
        return bucket.exists(key);
    }

    /** A registered node: its id and credential. */
    record Node(String id, String credential) {

        String reports() {
            return "/internal/v1/nodes/" + id + "/recordings";
        }
    }

    Node node() {
        JsonNode answer = api.post("/internal/v1/nodes/register", bootstrapToken, Map.of("address", "198.51.100.30",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        return new Node(answer.get("nodeId").asText(), answer.get("credential").asText());
    }

    /** A push domain of the tenant: its name and id. */
    record Domain(String name, String id) {
    }

    /** A new push domain of the tenant, with the id nodes know it by (read from the snapshot, as a node does). */
    Domain pushDomain(Api.Tenant tenant) {
        String name = api.createDomain(tenant, Api.uniqueName("rec", "rec.example"), "push", null).get("name")
                .asText();
        // The snapshot is rebuilt within a watcher tick of the create.
        for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; pause()) {
            for (JsonNode domain : snapshot().get("domains")) {
                if (domain.get("name").asText().equals(name)) {
                    return new Domain(name, domain.get("id").asText());
                }
            }
        }
        throw new AssertionError(name + " is not in the snapshot");
    }

    static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The config snapshot as the recorder fetches it now. */
    JsonNode snapshot() {
        return api.get("/internal/v1/nodes/" + recorder.id() + "/config?waitSeconds=0", recorder.credential())
                .expect(200).json();
    }

    /** Posts the reports as the node; answers the response. */
    Api.Response report(Node node, List<Map<String, Object>> reports) {
        return api.post(node.reports(), node.credential(), Map.of("reports", reports));
    }

    /** A {@code file} report of a finished file, with a fresh report id. */
    static Map<String, Object> file(Api.Tenant tenant, Domain domain, String app, String stream, String sessionId,
            int sequence, String format, String key, Instant start, int seconds) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("id", "r-" + UUID.randomUUID());
        report.put("type", "file");
        report.put("tenantId", tenant.id());
        report.put("domainId", domain.id());
        report.put("domain", domain.name());
        report.put("app", app);
        report.put("stream", stream);
        report.put("sessionId", sessionId);
        report.put("sequence", sequence);
        report.put("format", format);
        report.put("key", key);
        report.put("bytes", 1000L * seconds);
        report.put("durationMs", 1000L * seconds);
        report.put("startedAt", start.toString());
        report.put("endedAt", start.plusSeconds(seconds).toString());
        report.put("video", Map.of("codec", "h264", "width", 1280, "height", 720, "frameRate", 30.0));
        report.put("audio", Map.of("codec", "aac", "sampleRate", 48000, "channels", 2));
        return report;
    }

    static String sessionId() {
        return "s" + UUID.randomUUID().toString().replace("-", "");
    }
}
