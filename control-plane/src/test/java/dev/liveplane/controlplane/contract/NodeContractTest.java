package dev.liveplane.controlplane.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Shows that {@link NodeContract} catches what {@code NodeProtocolContractIT} relies on it to catch: each case is a
 * body a node or the control plane could plausibly drift into, and the contract must refuse it.
 */
class NodeContractTest {

    private static final NodeContract CONTRACT = new NodeContract();
    private static final String HEARTBEAT_PATH = "/internal/v1/nodes/n-1/heartbeat";
    private static final String HEARTBEAT = """
            {"configVersion":3,"draining":false,"connections":2,"streams":[{"domain":"push.example.com","app":"live",\
            "stream":"main","viewers":1,"publishing":true,"bitrateKbps":900}]}""";
    private static final String ACK = "{\"status\":\"HEALTHY\"}";

    @Test
    void aHeartbeatAsTheSpecDescribesItPasses() {
        assertThat(CONTRACT.violations(post(HEARTBEAT_PATH, HEARTBEAT, 200, ACK))).isEmpty();
    }

    @Test
    void aFieldTheSpecDoesNotNameInARequestFails() {
        String extra = HEARTBEAT.replace("\"draining\":false", "\"draining\":false,\"cpuLoad\":0.5");

        assertThat(CONTRACT.violations(post(HEARTBEAT_PATH, extra, 200, ACK)))
                .anySatisfy(v -> assertThat(v).contains("additionalProperties").contains("cpuLoad"));
    }

    @Test
    void aFieldTheSpecDoesNotNameInAnAnswerFailsThoughTheSchemaLeavesAdditionalPropertiesOpen() {
        // NodeHeartbeatAck does not say additionalProperties: the contract treats it as closed all the same.
        String extra = "{\"status\":\"HEALTHY\",\"drainBy\":\"2026-01-01T00:00:00Z\"}";

        assertThat(CONTRACT.violations(post(HEARTBEAT_PATH, HEARTBEAT, 200, extra)))
                .anySatisfy(v -> assertThat(v).contains("drainBy"));
    }

    @Test
    void aWronglyNamedFieldInANestedStreamEventFails() {
        String batch = """
                {"events":[{"id":"e-1","type":"publish","domain":"push.example.com","app":"live","stream":"main",\
                "at":"2026-01-01T00:00:00Z","video":{"codec":"h264","fps":30}}]}""";

        assertThat(CONTRACT.violations(post("/internal/v1/nodes/n-1/events", batch, 202,
                "{\"accepted\":1,\"rejected\":[]}"))).anySatisfy(v -> assertThat(v).contains("fps"));
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        String registration = "{\"rtmpPort\":\"1935\",\"httpPort\":8081}";

        assertThat(CONTRACT.violations(post("/internal/v1/nodes/register", registration, 201, """
                {"nodeId":"n-1","credential":"jwt","expiresAt":"2026-01-01T00:00:00Z","heartbeatIntervalSeconds":5}\
                """))).anySatisfy(v -> assertThat(v).contains("rtmpPort"));
    }

    @Test
    void aSnapshotWithoutARequiredFieldFails() {
        String snapshot = "{\"version\":1,\"generatedAt\":\"2026-01-01T00:00:00Z\",\"domains\":[],"
                + "\"forbiddenStreams\":[],\"suspendedTenants\":[]}";

        assertThat(CONTRACT.violations(new NodeExchange("GET", "/internal/v1/nodes/n-1/config", "", bearer(), "",
                200, Map.of("content-type", List.of("application/json")), snapshot)))
                .anySatisfy(v -> assertThat(v).contains("hlsSessionSecret"));
    }

    @Test
    void aRouteTheSpecDoesNotHaveFails() {
        assertThat(CONTRACT.violations(post("/internal/v1/nodes/n-1/metrics", "{}", 204, "")))
                .anySatisfy(v -> assertThat(v).contains("path"));
    }

    private static NodeExchange post(String path, String body, int status, String answer) {
        Map<String, List<String>> requestHeaders = new TreeMap<>(bearer());
        requestHeaders.put("content-type", List.of("application/json"));
        return new NodeExchange("POST", path, "", requestHeaders, body, status,
                answer.isEmpty() ? Map.of() : Map.of("content-type", List.of("application/json")), answer);
    }

    private static Map<String, List<String>> bearer() {
        return Map.of("authorization", List.of("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
    }
}
