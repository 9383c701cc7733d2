package dev.liveplane.controlplane.web.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * For every operation of the spec that takes a body, where to send it (a real tenant's domains, a registered node)
 * and a body the service accepts, fresh for each call (new names, new ids), as nested maps a test may change.
 */
final class RequestTargets {

    private final Api api;
    private final Api.Tenant tenant;
    private final String push;
    private final String pull;
    private final String eventsDomain;
    private final String bootstrapToken;
    private final String nodeId;
    private final String nodeCredential;
    private final String skuId;
    private final String pushId;
    private final Map<String, Target> targets = new LinkedHashMap<>();

    RequestTargets(Api api) {
        this.api = api;
        this.tenant = api.signUp("Input Checks");
        this.push = api.createDomain(tenant, Api.uniqueName("push", "input.example"), "push", null).get("name")
                .asText();
        this.pull = api.createDomain(tenant, Api.uniqueName("play", "input.example"), "pull", push).get("name")
                .asText();
        this.eventsDomain = api.createDomain(tenant, Api.uniqueName("events", "input.example"), "push", null)
                .get("name").asText();
        this.bootstrapToken = api.post("/admin/v1/node-tokens", ApiTestBase.OPERATOR_TOKEN, Map.of()).expect(201)
                .json().get("token").asText();
        JsonNode node = api.post("/internal/v1/nodes/register", bootstrapToken,
                Map.of("address", "198.51.100.20", "rtmpPort", 1935, "httpPort", 8081)).expect(201).json();
        this.nodeId = node.get("nodeId").asText();
        this.nodeCredential = node.get("credential").asText();
        // A SKU on sale at 1 minor unit and a balance for every purchase the input checks make.
        this.skuId = api.post("/admin/v1/skus", ApiTestBase.OPERATOR_TOKEN, Map.of("name", "input checks",
                "sizeBytes", 1000, "validityDays", 1, "priceMinor", 1)).expect(201).json().get("id").asText();
        api.post("/admin/v1/tenants/" + tenant.id() + "/balance-adjustments", ApiTestBase.OPERATOR_TOKEN,
                Map.of("kind", "credit", "amountMinor", 1_000_000, "reason", "input checks")).expect(201);
        this.pushId = snapshotId(push);
        define();
    }

    Target target(String operationId) {
        Target target = targets.get(operationId);
        if (target == null) {
            throw new AssertionError("no target for " + operationId + ": add one to RequestTargets");
        }
        return target;
    }

    Api.Tenant tenant() {
        return tenant;
    }

    private void define() {
        put("signUp", "/v1/auth/signup", null, () -> map("email", "user-" + UUID.randomUUID() + "@example.org",
                "password", Api.PASSWORD, "tenantName", "Signed Up"));
        put("logIn", "/v1/auth/login", null, () -> map("email", tenant.email(), "password", Api.PASSWORD));
        put("createConsoleSession", "/v1/auth/console/session", null,
                () -> map("email", tenant.email(), "password", Api.PASSWORD));
        put("consoleSignUp", "/v1/auth/console/signup", null, () -> map("email",
                "user-" + UUID.randomUUID() + "@example.org", "password", Api.PASSWORD, "tenantName", "Console"));
        put("createApiKey", "/v1/api-keys", tenant.token(), () -> map("name", "a key"));
        put("createDomain", "/v1/domains", tenant.token(), () -> map("name", Api.uniqueName("play", "input.example"),
                "type", "pull", "pushDomain", push));
        put("updateDomain", "/v1/domains/" + push, tenant.token(), () -> map("enabled", true,
                "refererAllow", list("player.example.com"), "refererDeny", list("*.bad.example"),
                "ipAllow", list("198.51.100.0/24"), "ipDeny", list("203.0.113.9")));
        put("updateDomainAuth", "/v1/domains/" + pull + "/auth", tenant.token(), () -> map("scheme", "A",
                "validitySeconds", 600, "primaryKey", "primary-key-0123456789", "secondaryKey",
                "secondary-key-0123456789"));
        put("addJwtKey", "/v1/domains/" + pull + "/auth/jwt-keys", tenant.token(),
                () -> map("jwk", jwk("kid-" + UUID.randomUUID())));
        put("createSignedUrls", "/v1/domains/" + push + "/signed-urls", tenant.token(), () -> map("app", "live",
                "stream", "demo", "ttlSeconds", 600));
        put("createStreamKey", "/v1/domains/" + push + "/stream-keys", tenant.token(), () -> map("app", "live",
                "stream", "keyed", "description", "a key"));
        put("forbidStream", "/v1/streams/" + push + "/live/forbidden/forbid", tenant.token(), () -> map(
                "until", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString(), "reason", "a test"));
        put("updateDomainCallbacks", "/v1/domains/" + push + "/callbacks", tenant.token(), () -> map(
                "url", "http://127.0.0.1:9/hooks", "events", list("publish"), "secret", "a-webhook-secret-0123",
                "rotateSecret", false));
        put("adjustBalance", "/admin/v1/tenants/" + tenant.id() + "/balance-adjustments", ApiTestBase.OPERATOR_TOKEN,
                () -> map("kind", "credit", "amountMinor", 1, "reason", "a correction"));
        put("createSku", "/admin/v1/skus", ApiTestBase.OPERATOR_TOKEN, () -> map("name", "a package",
                "sizeBytes", 1000, "validityDays", 1, "priceMinor", 1, "active", false));
        put("updateSku", "/admin/v1/skus/" + skuId, ApiTestBase.OPERATOR_TOKEN, () -> map("name", "input checks",
                "sizeBytes", 1000, "validityDays", 1, "priceMinor", 1, "active", true));
        put("buyPackage", "/v1/billing/packages", tenant.token(), () -> map("skuId", skuId));
        put("createNodeToken", "/admin/v1/node-tokens", ApiTestBase.OPERATOR_TOKEN, () -> map(
                "description", "a token", "ttlSeconds", 3600));
        put("registerNode", "/internal/v1/nodes/register", bootstrapToken, () -> map("address", "198.51.100.21",
                "rtmpPort", 1935, "httpPort", 8081, "region", "test-1",
                "capacity", map("maxViewers", 100, "maxIngestKbps", 10000), "version", "1.0.0"));
        put("nodeHeartbeat", "/internal/v1/nodes/" + nodeId + "/heartbeat", nodeCredential, () -> map(
                "configVersion", 1, "draining", false, "connections", 0, "streams", list(map("domain", eventsDomain,
                        "app", "live", "stream", "demo", "viewers", 0, "publishing", false, "bitrateKbps", 0)),
                "published", list(map("domain", eventsDomain, "app", "live", "stream", "demo", "startedAt",
                        OffsetDateTime.now(ZoneOffset.UTC).toString()))));
        put("reportStreamEvents", "/internal/v1/nodes/" + nodeId + "/events", nodeCredential, () -> map(
                "events", list(map("id", UUID.randomUUID().toString(), "type", "unpublish", "domain", eventsDomain,
                        "app", "live", "stream", "demo", "at", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                        "clientAddress", "198.51.100.7", "video", map("codec", "h264", "width", 1280, "height", 720,
                                "frameRate", 30.0),
                        "audio", map("codec", "aac", "sampleRate", 48000, "channels", 2), "bitrateKbps", 2500,
                        "reason", "ended"))));
        put("putRecordingRule", "/v1/domains/" + push + "/recording/live/*", tenant.token(), () -> map(
                "enabled", true, "policy", "auto", "formats", list("flv", "hls"), "cycleSeconds", 3600,
                "hlsSegmentSeconds", 6, "keyTemplate", "{domain}/{app}/{stream}/{start}_{seq}",
                "reconnectWindowSeconds", 30, "thumbnailIntervalSeconds", 60));
        put("reportRecordings", "/internal/v1/nodes/" + nodeId + "/recordings", nodeCredential, () -> map(
                "reports", list(map("id", "r-" + UUID.randomUUID(), "type", "file", "tenantId", tenant.id(),
                        "domainId", pushId, "domain", push, "app", "live", "stream", "demo",
                        "sessionId", "s" + UUID.randomUUID().toString().replace("-", ""), "sequence", 0,
                        "format", "flv", "key", push + "/live/demo/" + UUID.randomUUID() + ".flv", "bytes", 1000,
                        "durationMs", 60000, "startedAt", "2026-12-03T10:15:42Z", "endedAt", "2026-12-03T10:16:42Z",
                        "video", map("codec", "h264", "width", 1280, "height", 720, "frameRate", 30.0),
                        "audio", map("codec", "aac", "sampleRate", 48000, "channels", 2),
                        "reason", "none: a file"))));
        put("reportUsage", "/internal/v1/nodes/" + nodeId + "/usage", nodeCredential, () -> map(
                "records", list(map("id", "u-" + UUID.randomUUID(), "tenantId", tenant.id(), "domainId", "d-1",
                        "domain", pull, "app", "live", "stream", "demo", "protocol", "http_flv",
                        "bucketStart", currentBucket(), "bytes", 1000, "viewerSeconds", 10, "peakViewers", 1))));
    }

    /** The domain's id in the snapshot, as the node knows it (rebuilt within a watcher tick of the create). */
    private String snapshotId(String name) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (JsonNode domain : api.get("/internal/v1/nodes/" + nodeId + "/config?waitSeconds=0", nodeCredential)
                    .expect(200).json().get("domains")) {
                if (domain.get("name").asText().equals(name)) {
                    return domain.get("id").asText();
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(name + " never appeared in the snapshot");
    }

    /** The start of the current 5-minute bucket, as a node reports it. */
    private static String currentBucket() {
        long now = System.currentTimeMillis() / 1000;
        return OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(now - now % 300), ZoneOffset.UTC).toString();
    }

    private void put(String operationId, String path, String token, Supplier<Map<String, Object>> body) {
        targets.put(operationId, new Target(api, path, token, body));
    }

    static String jwk(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate().toPublicJWK().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }

    /** Where an operation is sent, with which credential, and a valid body for it. */
    record Target(Api api, String path, String token, Supplier<Map<String, Object>> validBody) {

        Api.Response send(String method, Object body, String... headers) {
            return api.call(method, path, token, body, headers);
        }
    }
}
