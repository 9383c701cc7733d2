package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static dev.liveplane.sdk.ScriptedServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.liveplane.sdk.ScriptedServer.Reply;
import dev.liveplane.sdk.ScriptedServer.Request;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.CallbackDeliveryStatus;
import dev.liveplane.sdk.generated.model.CallbackEvent;
import dev.liveplane.sdk.generated.model.CallbacksUpdate;
import dev.liveplane.sdk.generated.model.DomainAuthUpdate;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.DomainUpdate;
import dev.liveplane.sdk.generated.model.LoginRequest;
import dev.liveplane.sdk.generated.model.NodeStatus;
import dev.liveplane.sdk.generated.model.NodeToken;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.SignedUrlRequest;
import dev.liveplane.sdk.generated.model.SigningScheme;
import dev.liveplane.sdk.generated.model.SkuRequest;
import dev.liveplane.sdk.generated.model.SkuUpdate;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;
import dev.liveplane.sdk.generated.model.TrafficPoint;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Every operation of the spec goes to its route, with the credential, and reads its answer. */
class OperationsTest {

    private static final String PUSH = "push.example.com";
    private static final String AUTH = Bodies.domainAuth("A", 1800, "primaryKey-0123456789", "secondaryKey-012345");
    private static final String CALLBACKS = Bodies.callbacks("https://hooks.example.com/lp", "whsec_0123456789ab");
    /** The operations of the node protocol ({@code /internal/v1}), which the SDK leaves out on purpose. */
    private static final Set<String> NODE_PROTOCOL = Set.of("registerNode", "getNodeConfig", "getNodeConfigChanges",
            "nodeHeartbeat", "reportStreamEvents", "getStreamOrigin", "reportUsage", "reportRecordings");
    private static final String SKU = "{\"id\":\"s1\",\"name\":\"100 GB\",\"sizeBytes\":100,\"validityDays\":30,"
            + "\"priceMinor\":700,\"currency\":\"USD\",\"active\":true,\"createdAt\":\"2025-03-01T10:00:00Z\"}";
    private static final String PACKAGE = "{\"id\":\"p1\",\"skuId\":\"s1\",\"name\":\"100 GB\",\"sizeBytes\":100,"
            + "\"remainingBytes\":100,\"priceMinor\":700,\"purchasedAt\":\"2025-03-01T10:00:00Z\","
            + "\"expiresAt\":\"2025-03-31T10:00:00Z\",\"expired\":false}";
    private static final String LEDGER_ENTRY = "{\"id\":\"e1\",\"kind\":\"credit\",\"amountMinor\":5000,"
            + "\"balanceAfterMinor\":5000,\"reason\":\"top-up\",\"month\":\"2025-03\",\"createdAt\":\"2025-03-01T10:00:00Z\"}";
    private static final String ACCOUNT = "{\"tenantId\":\"t1\",\"currency\":\"USD\",\"balanceMinor\":5000,"
            + "\"packageBytesRemaining\":100,\"packages\":[" + PACKAGE + "],\"suspended\":false,\"quotaLow\":false,"
            + "\"month\":{\"month\":\"2025-03\",\"purchasesMinor\":700,\"packageBytes\":0,\"paygBytes\":0,\"paygMinor\":0}}";
    private static final String STATEMENT = "{\"month\":\"2025-03\",\"currency\":\"USD\",\"openingBalanceMinor\":0,"
            + "\"topUpsMinor\":5000,\"debitsMinor\":0,\"purchasesMinor\":700,\"packageDeductionBytes\":0,"
            + "\"paygBytes\":0,\"paygMinor\":0,\"closingBalanceMinor\":4300}";
    private static final String SESSION = """
            {"accessToken":"eyJ.session.token","tokenType":"Bearer","expiresIn":3600,"tenantId":"t1"}""";

    /** The spec the client was generated from; tests run in the module's directory. */
    private static final Spec SPEC = Spec.read(Path.of("../api/openapi.yaml"));

    private final ScriptedServer server = ScriptedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private LiveplaneClient client() {
        return Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).build();
    }

    static Stream<Arguments> operations() {
        return Stream.of(
                op("createApiKey", json(201, "{\"id\":\"k2\",\"name\":\"ci\",\"createdAt\":\"2025-03-01T10:00:00Z\","
                        + "\"secret\":\"lpk_k2_s\"}"),
                        c -> assertThat(c.apiKeys().create(new ApiKeyRequest().name("ci")).getSecret())
                                .isEqualTo("lpk_k2_s"),
                        "POST", "/v1/api-keys"),
                op("listApiKeys", json(200, Bodies.apiKeyPage(null, "k1")),
                        c -> assertThat(c.apiKeys().list()).hasSize(1), "GET", "/v1/api-keys"),
                op("revokeApiKey", status(204), c -> c.apiKeys().revoke("k1"), "DELETE", "/v1/api-keys/k1"),
                op("createDomain", json(201, Bodies.domain(PUSH)),
                        c -> assertThat(c.domains().create(new DomainRequest().name(PUSH).type(DomainType.PUSH))
                                .getOwnership().getRecordName()).isEqualTo("_liveplane-challenge." + PUSH),
                        "POST", "/v1/domains"),
                op("listDomains", json(200, Bodies.domainPage(null, PUSH)),
                        c -> assertThat(c.domains().list()).hasSize(1), "GET", "/v1/domains"),
                op("getDomain", json(200, Bodies.domain(PUSH)),
                        c -> assertThat(c.domains().get(PUSH).getCname()).endsWith(".lv.liveplane.test"),
                        "GET", "/v1/domains/" + PUSH),
                op("updateDomain", json(200, Bodies.domain(PUSH)),
                        c -> c.domains().update(PUSH, new DomainUpdate().enabled(false)),
                        "PATCH", "/v1/domains/" + PUSH),
                op("deleteDomain", status(204), c -> c.domains().delete(PUSH), "DELETE", "/v1/domains/" + PUSH),
                op("verifyDomain", json(200, "{\"verified\":false,\"ownership\":\"TXT_MISSING\",\"cname\":\"OK\","
                        + "\"message\":\"add TXT _liveplane-challenge.push.example.com\",\"domain\":"
                        + Bodies.domain(PUSH) + "}"),
                        c -> assertThat(c.domains().verify(PUSH).getMessage()).startsWith("add TXT"),
                        "POST", "/v1/domains/" + PUSH + "/verify"),
                op("getDomainAuth", json(200, AUTH),
                        c -> assertThat(c.signing().getAuth(PUSH).getScheme()).isEqualTo(SigningScheme.A),
                        "GET", "/v1/domains/" + PUSH + "/auth"),
                op("updateDomainAuth", json(200, AUTH),
                        c -> c.signing().updateAuth(PUSH, new DomainAuthUpdate().validitySeconds(600L)),
                        "PUT", "/v1/domains/" + PUSH + "/auth"),
                op("rotateDomainKey", json(200, AUTH), c -> c.signing().rotateKey(PUSH),
                        "POST", "/v1/domains/" + PUSH + "/auth/rotate"),
                op("addJwtKey", json(200, AUTH), c -> c.signing().addJwtKey(PUSH, newKey("tenant-key-1")),
                        "POST", "/v1/domains/" + PUSH + "/auth/jwt-keys"),
                // A kid is opaque text: a slash in it must not become a path separator.
                op("removeJwtKey", status(204), c -> c.signing().removeJwtKey(PUSH, "team/key 1"),
                        "DELETE", "/v1/domains/" + PUSH + "/auth/jwt-keys/team%2Fkey%201"),
                op("createSignedUrls", json(200, "{\"push\":{\"url\":\"rtmp://push.example.com/live/demo?auth_key=x\","
                        + "\"server\":\"rtmp://push.example.com/live\",\"streamKey\":\"demo?auth_key=x\"},"
                        + "\"expiresAt\":\"2025-03-01T10:30:00Z\"}"),
                        c -> assertThat(c.signing().signedUrls(PUSH, new SignedUrlRequest().app("live").stream("demo"))
                                .getPush().getStreamKey()).isEqualTo("demo?auth_key=x"),
                        "POST", "/v1/domains/" + PUSH + "/signed-urls"),
                op("listStreams", json(200, Bodies.onlineStreamPage(null, PUSH, "demo")),
                        c -> assertThat(c.streams().list(PUSH).stream().toList()).singleElement().satisfies(s -> {
                            assertThat(s.getVideo().getCodec()).isEqualTo("h264");
                            assertThat(s.getViewers()).isEqualTo(12);
                        }),
                        "GET", "/v1/streams"),
                op("listForbiddenStreams", json(200, Bodies.forbiddenStreamPage(null, PUSH, "demo")),
                        c -> assertThat(c.streams().forbidden().stream().toList()).singleElement()
                                .satisfies(f -> assertThat(f.getReason()).isEqualTo("terms")),
                        "GET", "/v1/streams/forbidden"),
                op("listPublishSessions", json(200, Bodies.publishSessionPage(null, PUSH, "demo")),
                        c -> assertThat(c.streams().history(PUSH, "live", null,
                                Instant.parse("2025-03-01T00:00:00Z"), null).stream().toList()).singleElement()
                                .satisfies(h -> assertThat(h.getPeakViewers()).isEqualTo(42)),
                        "GET", "/v1/streams/history"),
                // App and stream are path segments: a slash or a space in them stays inside the segment.
                op("forbidStream", json(200, Bodies.forbiddenStream(PUSH, "live", "team/demo 1")),
                        c -> assertThat(c.streams().forbid(PUSH, "live", "team/demo 1").getUntil())
                                .isEqualTo(OffsetDateTime.parse("2025-03-02T10:00:00Z")),
                        "POST", "/v1/streams/" + PUSH + "/live/team%2Fdemo%201/forbid"),
                op("resumeStream", status(204), c -> c.streams().resume(PUSH, "live", "team/demo 1"),
                        "POST", "/v1/streams/" + PUSH + "/live/team%2Fdemo%201/resume"),
                op("createStreamKey", json(201, Bodies.streamKeyCreated(PUSH, "sk1")),
                        c -> assertThat(c.streamKeys().create(PUSH, new StreamKeyRequest().app("live").stream("studio"))
                                .getStreamKey()).isEqualTo(Bodies.STREAM_KEY_VALUE),
                        "POST", "/v1/domains/" + PUSH + "/stream-keys"),
                op("listStreamKeys", json(200, Bodies.streamKeyPage(null, PUSH, "sk1")),
                        c -> assertThat(c.streamKeys().list(PUSH).stream().toList()).singleElement()
                                .satisfies(k -> assertThat(k.getServer()).isEqualTo("rtmp://" + PUSH + "/live")),
                        "GET", "/v1/domains/" + PUSH + "/stream-keys"),
                op("revokeStreamKey", status(204), c -> c.streamKeys().revoke(PUSH, "sk1"),
                        "DELETE", "/v1/domains/" + PUSH + "/stream-keys/sk1"),
                op("rotateStreamKey", json(201, Bodies.streamKeyCreated(PUSH, "sk2")),
                        c -> assertThat(c.streamKeys().rotate(PUSH, "sk1").getId()).isEqualTo("sk2"),
                        "POST", "/v1/domains/" + PUSH + "/stream-keys/sk1/rotate"),
                op("getDomainCallbacks", json(200, CALLBACKS),
                        c -> assertThat(c.callbacks().get(PUSH).getEvents())
                                .containsExactly(CallbackEvent.PUBLISH, CallbackEvent.UNPUBLISH),
                        "GET", "/v1/domains/" + PUSH + "/callbacks"),
                op("updateDomainCallbacks", json(200, CALLBACKS),
                        c -> assertThat(c.callbacks().update(PUSH,
                                new CallbacksUpdate().url("https://hooks.example.com/lp")).getSecret())
                                .isEqualTo("whsec_0123456789ab"),
                        "PUT", "/v1/domains/" + PUSH + "/callbacks"),
                op("deleteDomainCallbacks", status(204), c -> c.callbacks().delete(PUSH),
                        "DELETE", "/v1/domains/" + PUSH + "/callbacks"),
                op("listCallbackDeliveries", json(200, Bodies.callbackDeliveryPage(null, "d1", "d2")),
                        c -> assertThat(c.callbacks().deliveries().stream().toList()).hasSize(2).first()
                                .satisfies(d -> {
                                    assertThat(d.getStatus()).isEqualTo(CallbackDeliveryStatus.FAILED);
                                    assertThat(d.getLastStatusCode()).isEqualTo(500);
                                }),
                        "GET", "/v1/callbacks/deliveries"),
                op("getUsageTraffic", json(200, Bodies.trafficReport(PUSH)),
                        c -> assertThat(c.usage().traffic(PUSH, Instant.parse("2026-10-31T16:00:00Z"),
                                Instant.parse("2026-11-02T16:00:00Z"), 86400, ZoneId.of("Asia/Shanghai")).getPoints())
                                .extracting(TrafficPoint::getPeakBps).containsExactly(1_398_101L, 1_118_481L),
                        "GET", "/v1/usage/traffic"),
                op("getUsageViewers", json(200, Bodies.viewerReport(PUSH)),
                        c -> assertThat(c.usage().viewers(PUSH, Instant.parse("2026-11-01T19:00:00Z"),
                                Instant.parse("2026-11-01T21:00:00Z"), 3600).getPeakViewers()).isEqualTo(1250),
                        "GET", "/v1/usage/viewers"),
                op("getUsageStreams", json(200, Bodies.streamUsageReport(PUSH)),
                        c -> assertThat(c.usage().topStreams(PUSH, Instant.parse("2026-11-01T00:00:00Z"),
                                Instant.parse("2026-12-01T00:00:00Z"), 1).getStreams()).singleElement()
                                .satisfies(s -> assertThat(s.getHttpFlvBytes()).isEqualTo(3_221_225_472L)),
                        "GET", "/v1/usage/streams"),
                op("getUsageBandwidthP95", json(200, Bodies.bandwidthP95(PUSH)),
                        c -> assertThat(c.usage().bandwidthP95(PUSH, YearMonth.of(2026, 11)).getP95Bps())
                                .isEqualTo(1_118_481L),
                        "GET", "/v1/usage/bandwidth-p95"),
                op("listTenants", json(200, Bodies.tenantPage(null, "t1")),
                        c -> assertThat(c.operator().listTenants()).hasSize(1), "GET", "/admin/v1/tenants"),
                op("adjustBalance", json(201, LEDGER_ENTRY),
                        c -> assertThat(c.operator().credit("t1", 5000, "top-up").getBalanceAfterMinor())
                                .isEqualTo(5000L), "POST", "/admin/v1/tenants/t1/balance-adjustments"),
                op("getTenantBillingAccount", json(200, ACCOUNT),
                        c -> assertThat(c.operator().billingAccount("t1").getBalanceMinor()).isEqualTo(5000L),
                        "GET", "/admin/v1/tenants/t1/billing-account"),
                op("createSku", json(201, SKU),
                        c -> assertThat(c.operator().createSku(new SkuRequest().name("100 GB").sizeBytes(100L)
                                .validityDays(30).priceMinor(700L)).getId()).isEqualTo("s1"),
                        "POST", "/admin/v1/skus"),
                op("listSkus", json(200, "{\"items\":[" + SKU + "]}"),
                        c -> assertThat(c.operator().listSkus()).hasSize(1), "GET", "/admin/v1/skus"),
                op("updateSku", json(200, SKU),
                        c -> c.operator().updateSku("s1", new SkuUpdate().active(false)), "PATCH", "/admin/v1/skus/s1"),
                op("listActiveSkus", json(200, "{\"items\":[" + SKU + "]}"),
                        c -> assertThat(c.billing().skus()).hasSize(1), "GET", "/v1/billing/skus"),
                op("buyPackage", json(201, PACKAGE),
                        c -> assertThat(c.billing().buy("s1").getRemainingBytes()).isEqualTo(100L),
                        "POST", "/v1/billing/packages"),
                op("listPackages", json(200, "{\"items\":[" + PACKAGE + "]}"),
                        c -> assertThat(c.billing().packages()).hasSize(1), "GET", "/v1/billing/packages"),
                op("getBillingAccount", json(200, ACCOUNT),
                        c -> assertThat(c.billing().account().getSuspended()).isFalse(), "GET", "/v1/billing/account"),
                op("listLedgerEntries", json(200, "{\"items\":[" + LEDGER_ENTRY + "]}"),
                        c -> assertThat(c.billing().ledger()).hasSize(1), "GET", "/v1/billing/ledger"),
                op("getStatement", json(200, STATEMENT),
                        c -> assertThat(c.billing().statement(java.time.YearMonth.of(2025, 3))
                                .getClosingBalanceMinor()).isEqualTo(4300L),
                        "GET", "/v1/billing/statements/2025-03"),
                op("createNodeToken", json(201, Bodies.nodeTokenCreated("nt1", "lpb_nt1_s3cr3t")),
                        c -> assertThat(c.fleet().createNodeToken(new NodeTokenRequest().description("edge asg"))
                                .getToken()).isEqualTo("lpb_nt1_s3cr3t"),
                        "POST", "/admin/v1/node-tokens"),
                op("listNodeTokens", json(200, Bodies.nodeTokenPage(null, "nt1", "nt2")),
                        c -> assertThat(c.fleet().listNodeTokens()).extracting(NodeToken::getId)
                                .containsExactly("nt1", "nt2"),
                        "GET", "/admin/v1/node-tokens"),
                op("revokeNodeToken", status(204), c -> c.fleet().revokeNodeToken("nt1"),
                        "DELETE", "/admin/v1/node-tokens/nt1"),
                op("listNodes", json(200, Bodies.nodePage(null, "n1")),
                        c -> assertThat(c.fleet().listNodes().stream().toList()).singleElement()
                                .satisfies(n -> assertThat(n.getConfigVersion()).isEqualTo(42L)),
                        "GET", "/admin/v1/nodes"),
                op("getNode", json(200, Bodies.node("n/1", "HEALTHY")),
                        c -> assertThat(c.fleet().getNode("n/1").getCapacity().getMaxViewers()).isEqualTo(5000),
                        "GET", "/admin/v1/nodes/n%2F1"),
                op("deleteNode", status(204), c -> c.fleet().deleteNode("n1"), "DELETE", "/admin/v1/nodes/n1"),
                op("drainNode", json(200, Bodies.node("n1", "DRAINING")),
                        c -> assertThat(c.fleet().drainNode("n1").getStatus()).isEqualTo(NodeStatus.DRAINING),
                        "POST", "/admin/v1/nodes/n1/drain"),
                op("listRejectedNodeEvents", json(200, """
                        {"total":3,"items":[{"nodeId":"n1","receivedAt":"2025-03-01T10:00:00Z","eventId":"e1",
                         "reason":"videoCodec: longer than 16","record":"{}"}]}"""),
                        c -> assertThat(c.fleet().rejectedEvents("n1", 10).getItems()).singleElement()
                                .satisfies(r -> assertThat(r.getReason()).startsWith("videoCodec")),
                        "GET", "/admin/v1/nodes/n1/rejected-events"),
                op("undrainNode", json(200, Bodies.node("n1", "HEALTHY")),
                        c -> assertThat(c.fleet().undrainNode("n1").getStatus()).isEqualTo(NodeStatus.HEALTHY),
                        "POST", "/admin/v1/nodes/n1/undrain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void reachesItsRouteWithTheApiKey(String operation, Reply reply, Consumer<LiveplaneClient> call, String method,
            String path) {
        server.then(reply);

        call.accept(client());

        assertThat(server.requests()).hasSize(1);
        Request request = server.requests().get(0);
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + Bodies.API_KEY);
        if (SPEC.idempotent().contains(operation)) {
            assertThat(request.header("Idempotency-Key")).isNotBlank();
        } else {
            assertThat(request.header("Idempotency-Key")).isNull();
        }
    }

    @Test
    void everyOperationOfTheSpecIsCovered() {
        // Sign-up and log-in carry no credential, so signUpAndLogInCarryNoCredential covers them.
        Set<String> covered = new HashSet<>(Set.of("signUp", "logIn"));
        // The signed playlists are URLs the API hands out (downloadUrl, playlistUrl) for players to open, not calls.
        covered.addAll(Set.of("getRecordingPlaylist", "getRecordingSessionPlaylist"));
        // The web console's browser session (an HttpOnly cookie and its CSRF token) is for a browser, not a program:
        // the control plane's ConsoleSessionTest covers it.
        covered.addAll(Set.of("createConsoleSession", "getConsoleSession", "deleteConsoleSession", "consoleSignUp"));
        Stream.concat(operations(), RecordingsTest.operations())
                .forEach(arguments -> covered.add((String) arguments.get()[0]));
        Set<String> publicOperations = new HashSet<>(SPEC.operations());
        publicOperations.removeAll(NODE_PROTOCOL);

        assertThat(covered).containsExactlyInAnyOrderElementsOf(publicOperations);
    }

    /**
     * The node protocol is the one part of the spec the SDK leaves out: it is what media nodes speak to the control
     * plane with their own credentials, not something a tenant or the operator calls. The generator's FILTER in
     * pom.xml keeps only /v1 and /admin/v1; this holds the list of what it drops to what the spec has under
     * /internal, so a new internal operation is a decision here rather than a silent gap.
     */
    @Test
    void onlyTheNodeProtocolIsLeftOutAndTheClientHasNoWayToCallIt() {
        assertThat(SPEC.internal()).containsExactlyInAnyOrderElementsOf(NODE_PROTOCOL);
        assertThatThrownBy(() -> Class.forName("dev.liveplane.sdk.generated.api.NodesApi"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void forbidSendsAnEmptyObjectOrItsUntilAndReason() {
        server.then(json(200, Bodies.forbiddenStream(PUSH, "live", "demo")),
                json(200, Bodies.forbiddenStream(PUSH, "live", "demo")));
        LiveplaneClient client = client();

        client.streams().forbid(PUSH, "live", "demo");
        client.streams().forbid(PUSH, "live", "demo", Instant.parse("2025-03-02T10:00:00Z"), "terms");

        assertThat(server.requests()).extracting(Request::body).containsExactly("{}",
                "{\"until\":\"2025-03-02T10:00:00Z\",\"reason\":\"terms\"}");
        assertThat(server.requests()).extracting(r -> r.header("Content-Type")).containsOnly("application/json");
    }

    @Test
    void listsFilterByDomainInTheQuery() {
        server.then(json(200, Bodies.onlineStreamPage(null, PUSH)), json(200, Bodies.forbiddenStreamPage(null, PUSH)),
                json(200, Bodies.callbackDeliveryPage(null)), json(200, Bodies.onlineStreamPage(null, PUSH)));
        LiveplaneClient client = client();

        client.streams().list(PUSH).stream().count();
        client.streams().forbidden(PUSH).stream().count();
        client.callbacks().deliveries(PUSH).stream().count();
        client.streams().list().stream().count();

        assertThat(server.requests()).extracting(Request::query).containsExactly(
                "domain=" + PUSH + "&pageSize=100",
                "domain=" + PUSH + "&pageSize=100",
                "domain=" + PUSH + "&pageSize=100",
                "pageSize=100");
    }

    @Test
    void usageReportsSendTheirRangeWithTheZonesOffsetAndTheZone() {
        server.then(json(200, Bodies.trafficReport(PUSH)), json(200, Bodies.streamUsageReport(PUSH)),
                json(200, Bodies.bandwidthP95(PUSH)));
        LiveplaneClient client = client();

        client.usage().traffic(PUSH, Instant.parse("2026-10-31T16:00:00Z"), Instant.parse("2026-11-02T16:00:00Z"),
                86400, ZoneId.of("Asia/Shanghai"));
        client.usage().topStreams(PUSH, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
                5);
        client.usage().bandwidthP95(PUSH, YearMonth.of(2026, 11));

        assertThat(server.requests()).extracting(Request::query).containsExactly(
                "domain=" + PUSH + "&start=2026-11-01T00%3A00%3A00%2B08%3A00&end=2026-11-03T00%3A00%3A00%2B08%3A00"
                        + "&interval=86400&timeZone=Asia%2FShanghai",
                "domain=" + PUSH + "&start=2026-11-01T00%3A00%3A00Z&end=2026-12-01T00%3A00%3A00Z&limit=5",
                "domain=" + PUSH + "&month=2026-11&timeZone=UTC");
    }

    @Test
    void callbacksAndNodeTokenBodiesAreTheSpecsJson() {
        server.then(json(200, CALLBACKS),
                json(201, Bodies.nodeTokenCreated("nt1", "lpb_nt1_s3cr3t")));
        LiveplaneClient client = client();

        client.callbacks().update(PUSH, new CallbacksUpdate().url("https://hooks.example.com/lp")
                .events(List.of(CallbackEvent.PUBLISH, CallbackEvent.RECORD_DONE)).rotateSecret(true));
        client.fleet().createNodeToken(new NodeTokenRequest().description("edge asg").ttlSeconds(3600L), "asg-7");

        assertThat(server.requests().get(0).body()).isEqualTo("{\"url\":\"https://hooks.example.com/lp\","
                + "\"events\":[\"publish\",\"record_done\"],\"rotateSecret\":true}");
        assertThat(server.requests().get(1).body()).isEqualTo("{\"description\":\"edge asg\",\"ttlSeconds\":3600}");
        assertThat(server.requests().get(1).header("Idempotency-Key")).isEqualTo("asg-7");
    }

    @Test
    void signUpAndLogInCarryNoCredential() {
        server.then(json(201, SESSION), json(200, SESSION));
        LiveplaneClient client = client();

        client.auth().signUp(new SignUpRequest().email("ana@example.com").password("correct horse").tenantName("Acme"));
        String token = client.auth().logIn(new LoginRequest().email("ana@example.com").password("correct horse"))
                .getAccessToken();

        assertThat(token).isEqualTo("eyJ.session.token");
        assertThat(server.requests()).extracting(Request::method, Request::path).containsExactly(
                tuple("POST", "/v1/auth/signup"),
                tuple("POST", "/v1/auth/login"));
        assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsOnlyNulls();
        assertThat(server.requests().get(1).body()).contains("\"email\":\"ana@example.com\"");
    }

    @Test
    void accessTokenIsSentAsTheBearer() {
        server.then(json(200, Bodies.domain(PUSH)));

        Liveplane.builder().endpoint(server.uri()).accessToken("eyJ.session.token").build().domains().get(PUSH);

        assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer eyJ.session.token");
    }

    @Test
    void cleartextRequestsAreNotOfferedAnHttp2Upgrade() {
        server.then(json(200, Bodies.domain(PUSH)), json(201, Bodies.domain(PUSH)));
        LiveplaneClient client = client();

        client.domains().get(PUSH);
        client.domains().create(new DomainRequest().name(PUSH).type(DomainType.PUSH));

        assertThat(server.requests()).extracting(r -> r.header("Upgrade"), r -> r.header("HTTP2-Settings"))
                .containsOnly(tuple(null, null));
    }

    @Test
    void endpointPathIsKeptBeforeTheRoutes() {
        server.then(json(200, Bodies.domain(PUSH)));

        Liveplane.builder().endpoint(server.uri().resolve("/liveplane/")).apiKey(Bodies.API_KEY).build()
                .domains().get(PUSH);

        assertThat(server.requests().get(0).path()).isEqualTo("/liveplane/v1/domains/" + PUSH);
    }

    @Test
    void onlyThePublicHalfOfAJwtKeyLeaves() {
        server.then(json(200, AUTH));
        ECKey key = newKey("tenant-key-9");

        client().signing().addJwtKey(PUSH, key);

        String body = server.requests().get(0).body();
        assertThat(body).contains("tenant-key-9", key.getX().toString()).doesNotContain(key.getD().toString());
    }

    @Test
    void requestBodiesAreTheSpecsJson() {
        server.then(json(201, Bodies.domain("play.example.com")));

        client().domains().create(new DomainRequest().name("play.example.com").type(DomainType.PULL).pushDomain(PUSH));

        assertThat(server.requests().get(0).body())
                .isEqualTo("{\"name\":\"play.example.com\",\"type\":\"pull\",\"pushDomain\":\"push.example.com\"}");
        assertThat(server.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    }

    private static Arguments op(String operation, Reply reply, Consumer<LiveplaneClient> call, String method,
            String path) {
        return Arguments.of(operation, reply, call, method, path);
    }

    /**
     * The operation ids in {@code api/openapi.yaml}, those that take an {@code Idempotency-Key}, and those under
     * {@code /internal/}.
     */
    private record Spec(Set<String> operations, Set<String> idempotent, Set<String> internal) {

        @SuppressWarnings("unchecked")
        static Spec read(Path file) {
            Map<String, Object> root;
            try (Reader in = Files.newBufferedReader(file)) {
                root = new Yaml().load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Set<String> operations = new HashSet<>();
            Set<String> idempotent = new HashSet<>();
            Set<String> internal = new HashSet<>();
            for (Map.Entry<String, Object> path : ((Map<String, Object>) root.get("paths")).entrySet()) {
                for (Object value : ((Map<String, Object>) path.getValue()).values()) {
                    if (value instanceof Map<?, ?> operation && operation.containsKey("operationId")) {
                        String id = (String) operation.get("operationId");
                        operations.add(id);
                        if (path.getKey().startsWith("/internal/")) {
                            internal.add(id);
                        }
                        Object parameters = operation.get("parameters");
                        if (parameters != null && parameters.toString().contains("parameters/IdempotencyKey")) {
                            idempotent.add(id);
                        }
                    }
                }
            }
            return new Spec(operations, idempotent, internal);
        }
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
