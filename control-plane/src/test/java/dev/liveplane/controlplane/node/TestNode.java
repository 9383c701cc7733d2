package dev.liveplane.controlplane.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import java.util.List;
import java.util.Map;

/** A media node as the control plane sees it over HTTP: registers with a bootstrap token, then heartbeats. */
final class TestNode {

    final String id;
    final String address;
    final String credential;
    private final Api api;

    private TestNode(Api api, String id, String address, String credential) {
        this.api = api;
        this.id = id;
        this.address = address;
        this.credential = credential;
    }

    static TestNode register(Api api, String bootstrapToken, String address) {
        JsonNode answer = api.post("/internal/v1/nodes/register", bootstrapToken,
                Map.of("address", address, "rtmpPort", 1935, "httpPort", 8081, "region", "test-1")).expect(201)
                .json();
        return new TestNode(api, answer.get("nodeId").asText(), address, answer.get("credential").asText());
    }

    /** Heartbeats with no streams; answers the ack. */
    JsonNode heartbeat() {
        return heartbeat(false, List.of());
    }

    JsonNode heartbeat(boolean draining, List<Map<String, Object>> streams) {
        return api.post(path("/heartbeat"), credential, Map.of("configVersion", 1, "draining", draining,
                "streams", streams)).expect(200).json();
    }

    /** Heartbeats with the list of streams the node publishes, which its online streams are reconciled with. */
    JsonNode heartbeat(List<Map<String, Object>> published) {
        return api.post(path("/heartbeat"), credential, Map.of("configVersion", 1, "draining", false,
                "streams", List.of(), "published", published)).expect(200).json();
    }

    String path(String suffix) {
        return "/internal/v1/nodes/" + id + suffix;
    }
}
