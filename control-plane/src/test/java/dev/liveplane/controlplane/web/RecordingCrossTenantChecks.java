package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.recording.LocalBucket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@link CrossTenantTest}'s checks of the {@code recording} routes: tenant A has a rule, a manual recording, an FLV
 * and an HLS file in one session, and a thumbnail, all in the bucket; tenant B gets 404 for each, sees none of it in
 * lists, cannot open A's playlists without A's signatures (403), and A's files are all still there afterwards.
 */
final class RecordingCrossTenantChecks implements AutoCloseable {

    private final Api api;
    private final Api.Tenant a;
    private final Api.Tenant b;
    private final String push;
    private final String pull;
    private final LocalBucket bucket;
    private final String session = "cross-tenant-session-a";
    private String flvId;
    private String hlsId;

    RecordingCrossTenantChecks(Api api, Api.Tenant a, Api.Tenant b, String push, String pull, LocalBucket bucket) {
        this.api = api;
        this.a = a;
        this.b = b;
        this.push = push;
        this.pull = pull;
        this.bucket = bucket;
    }

    /** Gives tenant A one of every recording object, reported by a node of its own. */
    void recordForA() {
        api.call("PUT", "/v1/domains/" + push + "/recording/studio/*", a.token(), Map.of("policy", "manual"))
                .expect(200);
        api.post("/v1/streams/" + push + "/studio/desk/recording/start", a.token(), null).expect(200);
        String dir = push + "/live/a-stream/";
        bucket.put(dir + "0.flv", "A's FLV".getBytes(StandardCharsets.UTF_8));
        bucket.put(dir + "1-0.ts", "A's segment".getBytes(StandardCharsets.UTF_8));
        bucket.put(dir + "1.m3u8", "#EXTM3U\n#EXTINF:4.0,\n1-0.ts\n#EXT-X-ENDLIST\n".getBytes(StandardCharsets.UTF_8));
        bucket.put(dir + "thumbnails/latest.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        String token = api.post("/admin/v1/node-tokens", ApiTestBase.OPERATOR_TOKEN, Map.of()).expect(201).json()
                .get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", token, Map.of("address", "192.0.2.251",
                "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        String nodeId = node.get("nodeId").asText();
        String credential = node.get("credential").asText();
        String domainId = domainId(nodeId, credential);
        api.post("/internal/v1/nodes/" + nodeId + "/recordings", credential, Map.of("reports", List.of(
                report("a-0", domainId, 0, "flv", dir + "0.flv"), report("a-1", domainId, 1, "hls", dir + "1.m3u8"))))
                .expect(202);
        for (JsonNode item : api.get("/v1/recordings?sessionId=" + session, a.token()).expect(200).json()
                .get("items")) {
            if (item.get("format").asText().equals("flv")) {
                flvId = item.get("id").asText();
            } else {
                hlsId = item.get("id").asText();
            }
        }
    }

    void add(Map<String, Runnable> checks) {
        String rules = "/v1/domains/" + push + "/recording";
        checks.put("GET /v1/domains/{name}/recording", () -> {
            notFound(api.get(rules, b.token()));
            notFound(api.get("/v1/domains/" + pull + "/recording", b.token()));
        });
        checks.put("PUT /v1/domains/{name}/recording/{app}/{stream}", () -> notFound(api.call("PUT",
                rules + "/studio/*", b.token(), Map.of("policy", "auto"))));
        checks.put("DELETE /v1/domains/{name}/recording/{app}/{stream}", () -> notFound(api.delete(
                rules + "/studio/*", b.token())));
        checks.put("POST /v1/streams/{domain}/{app}/{stream}/recording/start", () -> notFound(api.post(
                "/v1/streams/" + push + "/studio/other/recording/start", b.token(), null)));
        checks.put("POST /v1/streams/{domain}/{app}/{stream}/recording/stop", () -> notFound(api.post(
                "/v1/streams/" + push + "/studio/desk/recording/stop", b.token(), null)));
        checks.put("GET /v1/streams/{domain}/{app}/{stream}/snapshot", () -> notFound(api.get(
                "/v1/streams/" + push + "/live/a-stream/snapshot", b.token())));
        checks.put("GET /v1/recordings", () -> {
            assertThat(api.get("/v1/recordings", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/recordings?domain=" + push + "&sessionId=" + session, b.token()).expect(200)
                    .json().get("items")).isEmpty();
        });
        checks.put("GET /v1/recordings/{id}", () -> notFound(api.get("/v1/recordings/" + flvId, b.token())));
        checks.put("DELETE /v1/recordings/{id}", () -> {
            notFound(api.delete("/v1/recordings/" + flvId, b.token()));
            notFound(api.delete("/v1/recordings/" + hlsId, b.token()));
        });
        checks.put("GET /v1/recording-sessions/{id}", () -> notFound(api.get("/v1/recording-sessions/" + session,
                b.token())));
        checks.put("GET /v1/recordings/{id}/playlist.m3u8", () -> forbidden(api.get("/v1/recordings/" + hlsId
                + "/playlist.m3u8?expires=4102444800&signature=made-up", b.token())));
        checks.put("GET /v1/recording-sessions/{id}/playlist.m3u8", () -> forbidden(api.get(
                "/v1/recording-sessions/" + session + "/playlist.m3u8?expires=4102444800&signature=made-up",
                b.token())));
    }

    /** A's rule, manual recording, files and objects after B's attempts. */
    void assertUntouched() {
        assertThat(api.get("/v1/domains/" + push + "/recording", a.token()).expect(200).json().get("items"))
                .hasSize(1);
        assertThat(api.get("/v1/recordings?sessionId=" + session, a.token()).expect(200).json().get("items"))
                .hasSize(2);
        assertThat(List.of(bucket.exists(push + "/live/a-stream/0.flv"), bucket.exists(push + "/live/a-stream/1-0.ts"),
                bucket.exists(push + "/live/a-stream/1.m3u8"))).containsOnly(true);
        api.get("/v1/streams/" + push + "/live/a-stream/snapshot", a.token()).expect(200);
    }

    private Map<String, Object> report(String id, String domainId, int sequence, String format, String key) {
        return Map.ofEntries(Map.entry("id", id), Map.entry("type", "file"), Map.entry("tenantId", a.id()),
                Map.entry("domainId", domainId), Map.entry("domain", push), Map.entry("app", "live"),
                Map.entry("stream", "a-stream"), Map.entry("sessionId", session), Map.entry("sequence", sequence),
                Map.entry("format", format), Map.entry("key", key), Map.entry("bytes", 10),
                Map.entry("durationMs", 4000), Map.entry("startedAt", "2026-12-03T10:00:0" + sequence + "Z"),
                Map.entry("endedAt", "2026-12-03T10:00:0" + (sequence + 4) + "Z"));
    }

    /** The push domain's id, from the snapshot as the node reads it (rebuilt within a watcher tick). */
    private String domainId(String nodeId, String credential) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode domain : api.get("/internal/v1/nodes/" + nodeId + "/config?waitSeconds=0", credential)
                    .expect(200).json().get("domains")) {
                if (domain.get("name").asText().equals(push)) {
                    return domain.get("id").asText();
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(push + " never appeared in the snapshot");
    }

    @Override
    public void close() {
        bucket.close();
    }

    private static void notFound(Api.Response response) {
        response.expectProblem(404, "not-found");
    }

    private static void forbidden(Api.Response response) {
        response.expectProblem(403, "forbidden");
    }
}
