package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import dev.liveplane.controlplane.recording.LocalBucket;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Walks every route of {@code api/openapi.yaml} as tenant B against tenant A's objects: B gets 404 for each of A's
 * objects, lists show B none of A's items, creates cannot reach A's objects, and A's objects stay as they were. The
 * route list comes from the spec itself, so a route added to the spec without a check here fails this test.
 */
@MicronautTest
class CrossTenantTest extends ApiTestBase {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch");

    private Api.Tenant a;
    private Api.Tenant b;
    private String push;
    private String pull;
    private String keyId;
    private String keySecret;
    private String streamKeyId;
    private JsonNode pushBefore;
    private JsonNode authBefore;
    private JsonNode callbacksBefore;

    @Inject
    ApplicationContext context;

    private RecordingCrossTenantChecks recordings;

    @Override
    protected Map<String, String> overrides() {
        return LocalBucket.properties();
    }

    @BeforeAll
    void tenantAHasOneOfEverything() throws JOSEException {
        a = api.signUp("Tenant A");
        b = api.signUp("Tenant B");
        push = api.createDomain(a, Api.uniqueName("push", "a.example"), "push", null).get("name").asText();
        pull = api.createDomain(a, Api.uniqueName("play", "a.example"), "pull", push).get("name").asText();
        JsonNode key = api.post("/v1/api-keys", a.token(), Map.of("name", "a's key")).expect(201).json();
        keyId = key.get("id").asText();
        keySecret = key.get("secret").asText();
        api.post("/v1/domains/" + pull + "/auth/jwt-keys", a.token(), Map.of("jwk",
                new ECKeyGenerator(Curve.P_256).keyID("a-kid").generate().toPublicJWK().toJSONString())).expect(200);
        pushBefore = api.get("/v1/domains/" + push, a.token()).json();
        authBefore = api.get("/v1/domains/" + pull + "/auth", a.token()).json();
        api.call("PUT", "/v1/domains/" + push + "/callbacks", a.token(), Map.of("url", "http://127.0.0.1:9/hooks"))
                .expect(200);
        new NodeEvents(context).report(NodeEvents.nodeId(), NodeEvents.publish(push, "live", "a-stream"));
        api.post("/v1/streams/" + push + "/live/a-forbidden/forbid", a.token(), null).expect(200);
        callbacksBefore = api.get("/v1/domains/" + push + "/callbacks", a.token()).expect(200).json();
        streamKeyId = api.post("/v1/domains/" + push + "/stream-keys", a.token(), Map.of("app", "live",
                "stream", "a-keyed")).expect(201).json().get("id").asText();
        recordings = new RecordingCrossTenantChecks(api, a, b, push, pull, LocalBucket.of(context));
        recordings.recordForA();
    }

    @AfterAll
    void closeBucket() {
        recordings.close();
    }

    @Test
    void everyRouteKeepsTenantAsObjectsFromTenantB() throws IOException {
        Map<String, Runnable> checks = checks();

        assertThat(checks.keySet()).as("routes of api/openapi.yaml with a cross-tenant check")
                .containsExactlyInAnyOrderElementsOf(specRoutes());
        checks.forEach((route, check) -> {
            try {
                check.run();
            } catch (AssertionError e) {
                throw new AssertionError(route + ": " + e.getMessage(), e);
            }
        });

        assertThat(api.get("/v1/domains/" + push, a.token()).expect(200).json()).isEqualTo(pushBefore);
        assertThat(api.get("/v1/domains/" + pull + "/auth", a.token()).expect(200).json()).isEqualTo(authBefore);
        api.get("/v1/domains", keySecret).expect(200);
        assertThat(api.get("/v1/domains/" + push + "/stream-keys", a.token()).expect(200).json().get("items")
                .findValuesAsText("id")).as("A's stream key, after B's revoke and rotate").containsExactly(streamKeyId);
        recordings.assertUntouched();
    }

    private Map<String, Runnable> checks() {
        Map<String, Runnable> checks = new LinkedHashMap<>();
        checks.put("POST /v1/auth/signup", () -> api.post("/v1/auth/signup", null,
                Map.of("email", a.email(), "password", "tenant B's password", "tenantName", "B again"))
                .expectProblem(409, "email-taken"));
        checks.put("POST /v1/auth/login", () -> api.post("/v1/auth/login", null,
                Map.of("email", a.email(), "password", "tenant B's password")).expectProblem(401, "unauthorized"));
        consoleSessionChecks(checks);
        checks.put("POST /v1/api-keys", () -> {
            String bKey = api.post("/v1/api-keys", b.token(), Map.of("name", "b")).expect(201).json()
                    .get("secret").asText();
            assertThat(api.get("/v1/domains", bKey).expect(200).json().get("items")).isEmpty();
        });
        checks.put("GET /v1/api-keys", () -> assertThat(api.get("/v1/api-keys", b.token()).expect(200).json()
                .get("items").findValuesAsText("id")).doesNotContain(keyId));
        checks.put("DELETE /v1/api-keys/{id}", () -> api.delete("/v1/api-keys/" + keyId, b.token())
                .expectProblem(404, "not-found"));
        checks.put("POST /v1/domains", () -> {
            api.post("/v1/domains", b.token(), Map.of("name", Api.uniqueName("b-play", "b.example"), "type", "pull",
                    "pushDomain", push)).expectProblem(422, "invalid-push-domain");
            api.post("/v1/domains", b.token(), Map.of("name", push, "type", "push"))
                    .expectProblem(409, "ownership-proof-required");
        });
        checks.put("GET /v1/domains", () -> {
            assertThat(api.get("/v1/domains", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/domains?type=pull", b.token()).expect(200).json().get("items")).isEmpty();
        });
        checks.put("GET /v1/domains/{name}", () -> notFound(api.get("/v1/domains/" + push, b.token())));
        checks.put("PATCH /v1/domains/{name}", () -> notFound(api.call("PATCH", "/v1/domains/" + push, b.token(),
                Map.of("enabled", false))));
        checks.put("DELETE /v1/domains/{name}", () -> {
            notFound(api.delete("/v1/domains/" + pull, b.token()));
            notFound(api.delete("/v1/domains/" + push, b.token()));
        });
        checks.put("POST /v1/domains/{name}/verify", () -> notFound(api.post("/v1/domains/" + push + "/verify",
                b.token(), null)));
        checks.put("GET /v1/domains/{name}/auth", () -> notFound(api.get("/v1/domains/" + pull + "/auth",
                b.token())));
        checks.put("PUT /v1/domains/{name}/auth", () -> notFound(api.call("PUT", "/v1/domains/" + pull + "/auth",
                b.token(), Map.of("validitySeconds", 60))));
        checks.put("POST /v1/domains/{name}/auth/rotate", () -> notFound(api.post("/v1/domains/" + pull
                + "/auth/rotate", b.token(), null)));
        checks.put("POST /v1/domains/{name}/auth/jwt-keys", () -> notFound(api.post("/v1/domains/" + pull
                + "/auth/jwt-keys", b.token(), Map.of("jwk", jwk("b-kid")))));
        checks.put("DELETE /v1/domains/{name}/auth/jwt-keys/{kid}", () -> notFound(api.delete("/v1/domains/" + pull
                + "/auth/jwt-keys/a-kid", b.token())));
        checks.put("POST /v1/domains/{name}/signed-urls", () -> notFound(api.post("/v1/domains/" + pull
                + "/signed-urls", b.token(), Map.of("app", "live", "stream", "s"))));
        checks.put("POST /v1/domains/{name}/stream-keys", () -> notFound(api.post("/v1/domains/" + push
                + "/stream-keys", b.token(), Map.of("app", "live", "stream", "b-keyed"))));
        checks.put("GET /v1/domains/{name}/stream-keys", () -> notFound(api.get("/v1/domains/" + push
                + "/stream-keys", b.token())));
        checks.put("DELETE /v1/domains/{name}/stream-keys/{id}", () -> notFound(api.delete("/v1/domains/" + push
                + "/stream-keys/" + streamKeyId, b.token())));
        checks.put("POST /v1/domains/{name}/stream-keys/{id}/rotate", () -> notFound(api.post("/v1/domains/" + push
                + "/stream-keys/" + streamKeyId + "/rotate", b.token(), null)));
        checks.put("GET /admin/v1/tenants", () -> api.get("/admin/v1/tenants", b.token())
                .expectProblem(403, "forbidden"));
        streamChecks(checks);
        callbackChecks(checks);
        billingChecks(checks);
        fleetChecks(checks);
        usageChecks(checks);
        recordings.add(checks);
        return checks;
    }

    /**
     * {@code /v1/billing...} and the operator's billing routes: B's account, packages, ledger and statements hold
     * nothing of A's (A was credited and bought a package), B cannot buy with A's balance, and B's credential opens
     * no operator route.
     */
    private void billingChecks(Map<String, Runnable> checks) {
        String sku = api.post("/admin/v1/skus", OPERATOR_TOKEN, Map.of("name", "cross-tenant", "sizeBytes", 1000,
                "validityDays", 30, "priceMinor", 500)).expect(201).json().get("id").asText();
        api.post("/admin/v1/tenants/" + a.id() + "/balance-adjustments", OPERATOR_TOKEN, Map.of("kind", "credit",
                "amountMinor", 1000, "reason", "A's top-up")).expect(201);
        api.post("/v1/billing/packages", a.token(), Map.of("skuId", sku)).expect(201);
        String month = java.time.YearMonth.now(ZoneOffset.UTC).toString();
        checks.put("GET /v1/billing/skus", () -> assertThat(api.get("/v1/billing/skus?pageSize=100", b.token())
                .expect(200).json().get("items")).isNotNull());
        checks.put("POST /v1/billing/packages", () -> api.post("/v1/billing/packages", b.token(),
                Map.of("skuId", sku)).expectProblem(402, "insufficient-balance"));
        checks.put("GET /v1/billing/packages", () -> assertThat(api.get("/v1/billing/packages", b.token())
                .expect(200).json().get("items")).isEmpty());
        checks.put("GET /v1/billing/account", () -> {
            JsonNode account = api.get("/v1/billing/account", b.token()).expect(200).json();
            assertThat(account.get("tenantId").asText()).isEqualTo(b.id());
            assertThat(account.get("balanceMinor").asLong()).isZero();
            assertThat(account.get("packages")).isEmpty();
        });
        checks.put("GET /v1/billing/ledger", () -> assertThat(api.get("/v1/billing/ledger", b.token()).expect(200)
                .json().get("items")).isEmpty());
        checks.put("GET /v1/billing/statements/{month}", () -> assertThat(api.get("/v1/billing/statements/" + month,
                b.token()).expect(200).json().get("topUpsMinor").asLong()).isZero());
        checks.put("POST /admin/v1/tenants/{id}/balance-adjustments", () -> forbidden(api.post("/admin/v1/tenants/"
                + a.id() + "/balance-adjustments", b.token(), Map.of("kind", "debit", "amountMinor", 1,
                "reason", "B tries"))));
        checks.put("GET /admin/v1/tenants/{id}/billing-account", () -> forbidden(api.get("/admin/v1/tenants/"
                + a.id() + "/billing-account", b.token())));
        checks.put("POST /admin/v1/skus", () -> forbidden(api.post("/admin/v1/skus", b.token(), Map.of("name", "x",
                "sizeBytes", 1, "validityDays", 1, "priceMinor", 0))));
        checks.put("GET /admin/v1/skus", () -> forbidden(api.get("/admin/v1/skus", b.token())));
        checks.put("PATCH /admin/v1/skus/{id}", () -> forbidden(api.call("PATCH", "/admin/v1/skus/" + sku,
                b.token(), Map.of("priceMinor", 0))));
    }

    /** {@code /v1/streams...}: tenant B neither sees nor forbids tenant A's streams. */
    private void streamChecks(Map<String, Runnable> checks) {
        checks.put("GET /v1/streams", () -> {
            assertThat(api.get("/v1/streams", a.token()).expect(200).json().get("items")).hasSize(1);
            assertThat(api.get("/v1/streams", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/streams?domain=" + push, b.token()).expect(200).json().get("items")).isEmpty();
        });
        checks.put("GET /v1/streams/forbidden", () -> {
            assertThat(api.get("/v1/streams/forbidden", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/streams/forbidden?domain=" + push, b.token()).expect(200).json().get("items"))
                    .isEmpty();
        });
        checks.put("GET /v1/streams/history", () -> {
            assertThat(api.get("/v1/streams/history?domain=" + push, a.token()).expect(200).json().get("items")
                    .findValuesAsText("stream")).containsExactly("a-stream");
            assertThat(api.get("/v1/streams/history", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/streams/history?domain=" + push + "&app=live&stream=a-stream", b.token())
                    .expect(200).json().get("items")).isEmpty();
        });
        checks.put("POST /v1/streams/{domain}/{app}/{stream}/forbid", () -> {
            notFound(api.post("/v1/streams/" + push + "/live/a-stream/forbid", b.token(), null));
            notFound(api.post("/v1/streams/" + pull + "/live/a-stream/forbid", b.token(), null));
            assertThat(forbiddenOfA()).containsExactly("a-forbidden");
        });
        checks.put("POST /v1/streams/{domain}/{app}/{stream}/resume", () -> {
            notFound(api.post("/v1/streams/" + push + "/live/a-forbidden/resume", b.token(), null));
            assertThat(forbiddenOfA()).containsExactly("a-forbidden");
        });
    }

    /** {@code /v1/usage/...}: tenant B's report of tenant A's domain is 404, whatever the report. */
    private void usageChecks(Map<String, Runnable> checks) {
        String range = "&start=2025-01-01T00:00:00Z&end=2025-01-02T00:00:00Z";
        for (String domain : List.of(push, pull)) {
            checks.merge("GET /v1/usage/traffic", () -> notFound(api.get("/v1/usage/traffic?domain=" + domain + range
                    + "&interval=3600", b.token())), CrossTenantTest::both);
            checks.merge("GET /v1/usage/viewers", () -> notFound(api.get("/v1/usage/viewers?domain=" + domain + range
                    + "&interval=86400", b.token())), CrossTenantTest::both);
            checks.merge("GET /v1/usage/streams", () -> notFound(api.get("/v1/usage/streams?domain=" + domain + range,
                    b.token())), CrossTenantTest::both);
            checks.merge("GET /v1/usage/bandwidth-p95", () -> notFound(api.get("/v1/usage/bandwidth-p95?domain="
                    + domain + "&month=2025-01", b.token())), CrossTenantTest::both);
        }
        checks.merge("GET /v1/usage/traffic", () -> api.get("/v1/usage/traffic?domain=" + push + range
                + "&interval=3600", a.token()).expect(200), CrossTenantTest::both);
    }

    private List<String> forbiddenOfA() {
        return api.get("/v1/streams/forbidden", a.token()).expect(200).json().get("items").findValuesAsText("stream");
    }

    /** {@code /v1/domains/{name}/callbacks} and {@code /v1/callbacks/deliveries}. */
    private void callbackChecks(Map<String, Runnable> checks) {
        String callbacks = "/v1/domains/" + push + "/callbacks";
        checks.put("GET /v1/domains/{name}/callbacks", () -> {
            notFound(api.get(callbacks, b.token()));
            notFound(api.get("/v1/domains/" + pull + "/callbacks", b.token()));
        });
        checks.put("PUT /v1/domains/{name}/callbacks", () -> {
            notFound(api.call("PUT", callbacks, b.token(), Map.of("url", "https://b.example/steal",
                    "rotateSecret", true)));
            assertThat(api.get(callbacks, a.token()).expect(200).json()).isEqualTo(callbacksBefore);
        });
        checks.put("DELETE /v1/domains/{name}/callbacks", () -> {
            notFound(api.delete(callbacks, b.token()));
            assertThat(api.get(callbacks, a.token()).expect(200).json()).isEqualTo(callbacksBefore);
        });
        checks.put("GET /v1/callbacks/deliveries", () -> {
            // A's own deliveries (its publish webhook, and the quota_low its billing checks' purchase may cross).
            assertThat(api.get("/v1/callbacks/deliveries", a.token()).expect(200).json().get("items")).isNotEmpty()
                    .allSatisfy(delivery -> assertThat(delivery.get("domain").asText()).isEqualTo(push));
            assertThat(api.get("/v1/callbacks/deliveries", b.token()).expect(200).json().get("items")).isEmpty();
            assertThat(api.get("/v1/callbacks/deliveries?domain=" + push, b.token()).expect(200).json()
                    .get("items")).isEmpty();
        });
    }

    /**
     * {@code /admin/v1/node-tokens}, {@code /admin/v1/nodes} and {@code /internal/v1}: a tenant's session or API
     * key gets 403 on the operator's routes and 401 on the nodes' (they are not node credentials), against a real
     * token and a real node, which stay as they were.
     */
    private void fleetChecks(Map<String, Runnable> checks) {
        JsonNode token = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "cross-tenant"))
                .expect(201).json();
        String nodeId = api.post("/internal/v1/nodes/register", token.get("token").asText(),
                Map.of("address", "192.0.2.250", "rtmpPort", 1935, "httpPort", 8081)).expect(201).json()
                .get("nodeId").asText();
        String node = "/internal/v1/nodes/" + nodeId;
        Map<String, Object> heartbeat = Map.of("configVersion", 1, "draining", false, "streams", List.of());
        Map<String, Object> events = Map.of("events", List.of(Map.of("id", "e1", "type", "publish",
                "domain", push, "app", "live", "stream", "s", "at", "2030-01-01T00:00:00Z")));
        Map<String, Object> registration = Map.of("rtmpPort", 1935, "httpPort", 8081);
        Map<String, Object> usage = Map.of("records", List.of(Map.ofEntries(Map.entry("id", "u1"),
                Map.entry("tenantId", a.id()), Map.entry("domainId", "d"), Map.entry("domain", pull),
                Map.entry("app", "live"), Map.entry("stream", "s"), Map.entry("protocol", "hls"),
                Map.entry("bucketStart", "2030-01-01T00:00:00Z"), Map.entry("bytes", 1), Map.entry("viewerSeconds", 1),
                Map.entry("peakViewers", 1))));
        for (String credential : List.of(b.token(), keySecret)) {
            checks.merge("POST /admin/v1/node-tokens", () -> forbidden(api.post("/admin/v1/node-tokens",
                    credential, Map.of())), CrossTenantTest::both);
            checks.merge("GET /admin/v1/node-tokens", () -> forbidden(api.get("/admin/v1/node-tokens", credential)),
                    CrossTenantTest::both);
            checks.merge("DELETE /admin/v1/node-tokens/{id}", () -> forbidden(api.delete("/admin/v1/node-tokens/"
                    + token.get("id").asText(), credential)), CrossTenantTest::both);
            checks.merge("GET /admin/v1/nodes", () -> forbidden(api.get("/admin/v1/nodes", credential)),
                    CrossTenantTest::both);
            checks.merge("GET /admin/v1/nodes/{id}", () -> forbidden(api.get("/admin/v1/nodes/" + nodeId,
                    credential)), CrossTenantTest::both);
            checks.merge("DELETE /admin/v1/nodes/{id}", () -> forbidden(api.delete("/admin/v1/nodes/" + nodeId,
                    credential)), CrossTenantTest::both);
            checks.merge("POST /admin/v1/nodes/{id}/drain", () -> forbidden(api.post("/admin/v1/nodes/" + nodeId
                    + "/drain", credential, null)), CrossTenantTest::both);
            checks.merge("GET /admin/v1/nodes/{id}/rejected-events", () -> forbidden(api.get("/admin/v1/nodes/"
                    + nodeId + "/rejected-events", credential)), CrossTenantTest::both);
            checks.merge("POST /admin/v1/nodes/{id}/undrain", () -> forbidden(api.post("/admin/v1/nodes/" + nodeId
                    + "/undrain", credential, null)), CrossTenantTest::both);
            checks.merge("POST /internal/v1/nodes/register", () -> unauthorized(api.post(
                    "/internal/v1/nodes/register", credential, registration)), CrossTenantTest::both);
            checks.merge("GET /internal/v1/nodes/{id}/config", () -> unauthorized(api.get(node
                    + "/config?waitSeconds=0", credential)), CrossTenantTest::both);
            checks.merge("GET /internal/v1/nodes/{id}/config/changes", () -> unauthorized(api.get(node
                    + "/config/changes?since=1&waitSeconds=0", credential)), CrossTenantTest::both);
            checks.merge("POST /internal/v1/nodes/{id}/heartbeat", () -> unauthorized(api.post(node + "/heartbeat",
                    credential, heartbeat)), CrossTenantTest::both);
            checks.merge("POST /internal/v1/nodes/{id}/events", () -> unauthorized(api.post(node + "/events",
                    credential, events)), CrossTenantTest::both);
            checks.merge("POST /internal/v1/nodes/{id}/usage", () -> unauthorized(api.post(node + "/usage",
                    credential, usage)), CrossTenantTest::both);
            checks.merge("POST /internal/v1/nodes/{id}/recordings", () -> unauthorized(api.post(node
                    + "/recordings", credential, Map.of("reports", List.of()))), CrossTenantTest::both);
            checks.merge("GET /internal/v1/streams/{domain}/{app}/{stream}/origin", () -> unauthorized(api.get(
                    "/internal/v1/streams/" + push + "/live/s/origin", credential)), CrossTenantTest::both);
        }
        checks.merge("GET /admin/v1/nodes/{id}", () -> {
            JsonNode shown = api.get("/admin/v1/nodes/" + nodeId, OPERATOR_TOKEN).expect(200).json();
            assertThat(shown.get("status").asText()).isEqualTo("HEALTHY");
            assertThat(shown.has("lastHeartbeatAt")).as("no heartbeat got through").isFalse();
        }, CrossTenantTest::both);
        checks.merge("DELETE /admin/v1/node-tokens/{id}", () -> assertThat(api.post("/internal/v1/nodes/register",
                token.get("token").asText(), registration).status()).as("the token still registers").isEqualTo(201),
                CrossTenantTest::both);
    }

    private static Runnable both(Runnable first, Runnable second) {
        return () -> {
            first.run();
            second.run();
        };
    }

    private static void forbidden(Api.Response response) {
        response.expectProblem(403, "forbidden");
    }

    /** The console's session routes: B's password opens nothing of A's, and B's session is only ever B's. */
    private void consoleSessionChecks(Map<String, Runnable> checks) {
        checks.put("POST /v1/auth/console/session", () -> api.post("/v1/auth/console/session", null,
                Map.of("email", a.email(), "password", "tenant B's password")).expectProblem(401, "unauthorized"));
        checks.put("POST /v1/auth/console/signup", () -> api.post("/v1/auth/console/signup", null,
                Map.of("email", a.email(), "password", "tenant B's password", "tenantName", "B again"))
                .expectProblem(409, "email-taken"));
        checks.put("GET /v1/auth/console/session", () -> {
            Api.Response b = consoleLogIn(this.b);
            assertThat(api.call("GET", "/v1/auth/console/session", null, null, "Cookie", consoleCookie(b))
                    .expect(200).json().get("tenantId").asText()).isEqualTo(this.b.id());
        });
        checks.put("DELETE /v1/auth/console/session", () -> {
            Api.Response aSession = consoleLogIn(a);
            Api.Response bSession = consoleLogIn(b);
            api.call("DELETE", "/v1/auth/console/session", null, null, "Cookie", consoleCookie(bSession),
                    "X-CSRF-Token", bSession.json().get("csrfToken").asText()).expect(204);
            api.call("GET", "/v1/domains", null, null, "Cookie", consoleCookie(aSession)).expect(200);
        });
    }

    private Api.Response consoleLogIn(Api.Tenant tenant) {
        return api.post("/v1/auth/console/session", null, Map.of("email", tenant.email(), "password", Api.PASSWORD))
                .expect(200);
    }

    private static String consoleCookie(Api.Response session) {
        String header = session.header("Set-Cookie");
        return header.substring(0, header.indexOf(';'));
    }

    private static void unauthorized(Api.Response response) {
        response.expectProblem(401, "unauthorized");
    }

    private static void notFound(Api.Response response) {
        response.expectProblem(404, "not-found");
    }

    private static String jwk(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate().toPublicJWK().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> specRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        try (InputStream spec = Files.newInputStream(Path.of("..", "api", "openapi.yaml"))) {
            Map<String, Object> paths = (Map<String, Object>) new Yaml().<Map<String, Object>>load(spec).get("paths");
            paths.forEach((path, item) -> ((Map<String, Object>) item).keySet().stream()
                    .filter(HTTP_METHODS::contains)
                    .forEach(method -> routes.add(method.toUpperCase() + " " + path)));
        }
        assertThat(routes).as("routes read from api/openapi.yaml").hasSizeGreaterThan(15);
        return routes;
    }
}
