package dev.liveplane.controlplane.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.node.model.NodeHeartbeat;
import dev.liveplane.api.node.model.NodeRegistration;
import dev.liveplane.api.node.model.PublishedStream;
import dev.liveplane.api.node.model.StreamLoad;
import dev.liveplane.controlplane.Api;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A media node as the control plane sees it over HTTP: registers with a bootstrap token, then heartbeats, with the
 * node protocol's wire types (the api module's), written as the node writes them ({@link WireJson}).
 */
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
        NodeRegistration registration = new NodeRegistration().address(address).rtmpPort(1935).httpPort(8081)
                .region("test-1");
        JsonNode answer = api.post("/internal/v1/nodes/register", bootstrapToken, WireJson.write(registration))
                .expect(201).json();
        return new TestNode(api, answer.get("nodeId").asText(), address, answer.get("credential").asText());
    }

    /** Heartbeats with no streams; answers the ack. */
    JsonNode heartbeat() {
        return heartbeat(false, List.of());
    }

    JsonNode heartbeat(boolean draining, List<StreamLoad> streams) {
        return send(new NodeHeartbeat().configVersion(1L).draining(draining).streams(streams)).expect(200).json();
    }

    /** Heartbeats with the list of streams the node publishes, which its online streams are reconciled with. */
    JsonNode heartbeat(List<PublishedStream> published) {
        return send(new NodeHeartbeat().configVersion(1L).draining(false).streams(List.of()).published(published))
                .expect(200).json();
    }

    /** Sends a heartbeat as it is, for the caller to check the answer. */
    Api.Response send(NodeHeartbeat heartbeat) {
        return api.post(path("/heartbeat"), credential, WireJson.write(heartbeat));
    }

    /**
     * Reports one stream event of {@code push}'s app {@code live}, with a fresh id and the current time (an unpublish
     * with reason {@code ended}), for the caller to check the answer.
     */
    Api.Response event(String type, String push, String stream) {
        Map<String, Object> event = new HashMap<>(Map.of("id", UUID.randomUUID().toString(), "type", type,
                "domain", push, "app", "live", "stream", stream, "at", Instant.now().toString()));
        if (type.equals("unpublish")) {
            event.put("reason", "ended");
        }
        return api.post(path("/events"), credential, Map.of("events", List.of(event)));
    }

    String path(String suffix) {
        return "/internal/v1/nodes/" + id + suffix;
    }
}
