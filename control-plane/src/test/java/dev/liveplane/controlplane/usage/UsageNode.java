package dev.liveplane.controlplane.usage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A registered node reporting usage over HTTP, as the media node does, with records built for a test. */
final class UsageNode {

    final String id;
    private final String credential;
    private final Api api;

    private UsageNode(Api api, String id, String credential) {
        this.api = api;
        this.id = id;
        this.credential = credential;
    }

    static UsageNode register(Api api) {
        String bootstrap = api.post("/admin/v1/node-tokens", ApiTestBase.OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", bootstrap, Map.of("address", "198.51.100.30",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        return new UsageNode(api, node.get("nodeId").asText(), node.get("credential").asText());
    }

    /** Posts the records; answers the 202's body. */
    JsonNode report(List<Map<String, Object>> records) {
        return send(records).expect(202).json();
    }

    Api.Response send(List<Map<String, Object>> records) {
        return api.post("/internal/v1/nodes/" + id + "/usage", credential, Map.of("records", records));
    }

    /** One record as the node writes it. */
    static Map<String, Object> record(String id, String tenantId, String domain, String stream, String protocol,
            Instant bucket, long bytes, long viewerSeconds, int peakViewers) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("tenantId", tenantId);
        record.put("domainId", "d-" + domain.hashCode());
        record.put("domain", domain);
        record.put("app", "live");
        record.put("stream", stream);
        record.put("protocol", protocol);
        record.put("bucketStart", bucket.toString());
        record.put("bytes", bytes);
        record.put("viewerSeconds", viewerSeconds);
        record.put("peakViewers", peakViewers);
        return record;
    }

    /** The start of the 5-minute bucket {@code back} buckets before the current one. */
    static Instant bucket(int back) {
        long now = Instant.now().getEpochSecond();
        return Instant.ofEpochSecond(now - now % 300 - 300L * back);
    }

    static List<Map<String, Object>> list(List<Map<String, Object>> records) {
        return new ArrayList<>(records);
    }
}
