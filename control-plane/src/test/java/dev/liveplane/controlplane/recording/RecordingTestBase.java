package dev.liveplane.controlplane.recording;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs the service with the embedded store on (S3Proxy in-process over a temporary directory, a free port, fixed
 * keys) and unverified domains served, so a fresh push domain is in the snapshot; gives tests an S3 client of their
 * own for the bucket, a registered node and reports posted as a node posts them.
 */
abstract class RecordingTestBase extends ApiTestBase {

    static final String BUCKET = "recordings-test";
    static final String KEY_ID = "test-s3-key-id";
    static final String SECRET = "test-s3-secret-access-key";

    private static final Path DIRECTORY = temporaryDirectory();

    @Inject
    RecordingStorage storage;

    S3Client s3;
    String bootstrapToken;
    /** A node registered for the class: reads the snapshot and reports files. */
    Node recorder;

    @Override
    protected Map<String, String> overrides() {
        Map<String, String> properties = new HashMap<>(recordingProperties());
        properties.putAll(more());
        return properties;
    }

    /** The embedded store's settings, for any test class that records (here and elsewhere). */
    static Map<String, String> recordingProperties() {
        return Map.of("liveplane.recording.embedded-s3.enabled", "true",
                "liveplane.recording.embedded-s3.port", "0",
                "liveplane.recording.embedded-s3.directory", DIRECTORY.toString(),
                "liveplane.recording.embedded-s3.bucket", BUCKET,
                "liveplane.recording.embedded-s3.access-key-id", KEY_ID,
                "liveplane.recording.embedded-s3.secret-access-key", SECRET,
                "liveplane.fleet.serve-unverified-domains", "true");
    }

    /** Properties a test class needs on top of these. */
    protected Map<String, String> more() {
        return Map.of();
    }

    @BeforeAll
    void bucketAndNodeToken() {
        Storage bucket = storage.storage().orElseThrow();
        s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(bucket.endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED).build();
        bootstrapToken = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "recorder"))
                .expect(201).json().get("token").asText();
        recorder = node();
    }

    @AfterAll
    void closeClient() {
        s3.close();
    }

    void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    boolean exists(String key) {
        try {
            s3.headObject(h -> h.bucket(BUCKET).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException gone) {
            return false;
        }
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

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("liveplane-s3-");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
