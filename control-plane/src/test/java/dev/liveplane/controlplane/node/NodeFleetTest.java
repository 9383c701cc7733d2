package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.Lookup;
import dev.liveplane.controlplane.TestDatabase;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * The fleet as the operator and the nodes see it over HTTP: bootstrap tokens, registration, node credentials and
 * what is refused, heartbeats, a node going silent and coming back, drain, delete, and {@code edge.{zone}} asked
 * over real DNS holding exactly the nodes that should take players.
 */
@MicronautTest
class NodeFleetTest extends ApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Inject
    EmbeddedDnsServer platformDns;
    @Inject
    FleetEvents events;

    private final List<TestNode> alive = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService heartbeater;
    private String bootstrap;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.heartbeat-timeout", "2s", "liveplane.fleet.sweep-interval", "200ms",
                "liveplane.fleet.dns-reconcile-interval", "1s");
    }

    @BeforeAll
    void startHeartbeating() {
        bootstrap = mintToken(Map.of("description", "fleet test")).get("token").asText();
        heartbeater = Executors.newSingleThreadScheduledExecutor();
        heartbeater.scheduleWithFixedDelay(this::heartbeatAlive, 0, 300, TimeUnit.MILLISECONDS);
    }

    /** Keeps the running test's nodes alive; a node the test deleted meanwhile is dropped, not a stop to the rest. */
    private void heartbeatAlive() {
        for (TestNode node : alive) {
            try {
                node.heartbeat();
            } catch (AssertionError | RuntimeException deletedMeanwhile) {
                alive.remove(node);
            }
        }
    }

    @AfterEach
    void letNodesGo() {
        alive.clear();
    }

    @AfterAll
    void stopHeartbeating() {
        heartbeater.shutdownNow();
    }

    @Test
    void tokensAreMintedListedAndRevoked() {
        Api.Response created = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN,
                Map.of("description", "asg-1", "ttlSeconds", 3600), "Idempotency-Key", "token-" + UUID.randomUUID());
        created.expect(201);
        JsonNode token = created.json();
        String id = token.get("id").asText();
        assertThat(token.get("token").asText()).matches("lpb_" + id + "_[A-Za-z0-9_-]{43}");
        assertThat(created.header("Location")).isEqualTo("/admin/v1/node-tokens/" + id);
        assertThat(Duration.between(Instant.parse(token.get("createdAt").asText()),
                Instant.parse(token.get("expiresAt").asText()))).isEqualTo(Duration.ofHours(1));
        assertThat(token.get("revoked").asBoolean()).isFalse();

        JsonNode listed = findToken(id);
        assertThat(listed.get("description").asText()).isEqualTo("asg-1");
        assertThat(listed.has("token")).isFalse();

        // Multi-use: one token registers several nodes.
        TestNode.register(api, token.get("token").asText(), "192.0.2.201");
        TestNode.register(api, token.get("token").asText(), "192.0.2.202");

        api.delete("/admin/v1/node-tokens/" + id, OPERATOR_TOKEN).expect(204);
        api.delete("/admin/v1/node-tokens/" + id, OPERATOR_TOKEN).expect(204);
        assertThat(findToken(id).get("revoked").asBoolean()).isTrue();
        register(token.get("token").asText(), Map.of("rtmpPort", 1935, "httpPort", 8081))
                .expectProblem(401, "unauthorized");
        api.delete("/admin/v1/node-tokens/0000000000000000000000zzzz", OPERATOR_TOKEN).expectProblem(404, "not-found");
    }

    @Test
    void theDefaultLifetimeIsADayAndCreatesAreIdempotent() {
        String key = "token-" + UUID.randomUUID();
        Api.Response first = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of(), "Idempotency-Key", key)
                .expect(201);
        Api.Response again = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of(), "Idempotency-Key", key)
                .expect(201);
        Api.Response other = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "other"),
                "Idempotency-Key", key);

        assertThat(again.json()).isEqualTo(first.json());
        other.expectProblem(422, "idempotency-key-reused");
        assertThat(Duration.between(Instant.parse(first.json().get("createdAt").asText()),
                Instant.parse(first.json().get("expiresAt").asText()))).isEqualTo(Duration.ofDays(1));
        api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("ttlSeconds", 59))
                .expectProblem(422, "validation-failed");
        api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("ttl", 600)).expect(400);
    }

    @Test
    void anExpiredTokenRegistersNothing() throws SQLException {
        JsonNode token = mintToken(Map.of("ttlSeconds", 60));
        sql("UPDATE node_tokens SET expires_at = ? WHERE id = ?", Timestamp.from(Instant.now().minusSeconds(1)),
                token.get("id").asText());

        register(token.get("token").asText(), Map.of("rtmpPort", 1935, "httpPort", 8081))
                .expectProblem(401, "unauthorized");
    }

    @Test
    void registrationTakesOnlyABootstrapTokenAndAValidBody() {
        Api.Tenant tenant = api.signUp("Not A Node");
        Map<String, Object> body = Map.of("rtmpPort", 1935, "httpPort", 8081);
        register(null, body).expectProblem(401, "unauthorized");
        register("lpb_garbage", body).expectProblem(401, "unauthorized");
        register(bootstrap + "x", body).expectProblem(401, "unauthorized");
        register(tenant.token(), body).expectProblem(401, "unauthorized");
        register(OPERATOR_TOKEN, body).expectProblem(401, "unauthorized");

        api.post("/internal/v1/nodes/register", bootstrap, "{not json").expect(400);
        api.post("/internal/v1/nodes/register", bootstrap, "[]").expect(400);
        register(bootstrap, Map.of("rtmpPort", 1935)).expectProblem(422, "validation-failed");
        register(bootstrap, Map.of("rtmpPort", 0, "httpPort", 8081)).expectProblem(422, "validation-failed");
        register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 70000)).expectProblem(422, "validation-failed");
        register(bootstrap, Map.of("rtmpPort", "x", "httpPort", 8081)).expect(400);
        register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 8081, "color", "red")).expect(400);
        register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 8081, "address", "edge.example.com"))
                .expectProblem(422, "validation-failed");
        register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 8081, "address", "0.0.0.0"))
                .expectProblem(422, "validation-failed");
        register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 8081, "address", "256.1.1.1"))
                .expectProblem(422, "validation-failed");

        JsonNode v6 = register(bootstrap, Map.of("rtmpPort", 1935, "httpPort", 8081, "address",
                "2001:DB8:0:0::7")).expect(201).json();
        JsonNode fromPeer = register(bootstrap, Map.of("rtmpPort", 1936, "httpPort", 8082,
                "capacity", Map.of("maxViewers", 500), "version", "1.2.3")).expect(201).json();

        assertThat(node(v6.get("nodeId").asText()).get("address").asText()).isEqualTo("2001:db8:0:0:0:0:0:7");
        JsonNode shown = node(fromPeer.get("nodeId").asText());
        assertThat(shown.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(shown.get("region").asText()).isEqualTo("local");
        assertThat(shown.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(shown.get("capacity").get("maxViewers").asInt()).isEqualTo(500);
        assertThat(shown.get("version").asText()).isEqualTo("1.2.3");
        assertThat(shown.get("streams").asInt()).isZero();
        assertThat(fromPeer.get("heartbeatIntervalSeconds").asInt()).isEqualTo(5);
        assertThat(Duration.between(Instant.now(), Instant.parse(fromPeer.get("expiresAt").asText())))
                .isBetween(Duration.ofHours(23), Duration.ofHours(24));
    }

    @Test
    void onlyANodesOwnValidCredentialIsAccepted() throws JOSEException {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.31");
        TestNode other = TestNode.register(api, bootstrap, "192.0.2.32");
        Api.Tenant tenant = api.signUp("Tenant Posing As Node");
        String apiKey = api.post("/v1/api-keys", tenant.token(), Map.of("name", "k")).expect(201).json()
                .get("secret").asText();
        Instant now = Instant.now();

        for (String refused : List.of(
                sign(NODE_CREDENTIAL_SECRET + "-forged", claims(node.id, "liveplane-node", now, now.plusSeconds(600))),
                sign(NODE_CREDENTIAL_SECRET, claims(node.id, "liveplane-node", now.minusSeconds(600),
                        now.minusSeconds(1))),
                sign(NODE_CREDENTIAL_SECRET, claims(node.id, "liveplane", now, now.plusSeconds(600))),
                sign("test-jwt-secret-of-at-least-thirty-two-bytes", claims(node.id, "liveplane-node", now,
                        now.plusSeconds(600))),
                new PlainJWT(new PlainHeader(), claims(node.id, "liveplane-node", now, now.plusSeconds(600)))
                        .serialize(),
                tenant.token(), apiKey, OPERATOR_TOKEN, bootstrap, "garbage")) {
            heartbeat(node, refused).expectProblem(401, "unauthorized");
            api.get(node.path("/config?waitSeconds=0"), refused).expectProblem(401, "unauthorized");
        }
        heartbeat(node, null).expectProblem(401, "unauthorized");

        heartbeat(other, node.credential).expectProblem(403, "forbidden");
        api.post(other.path("/events"), node.credential, Map.of("events", List.of(event("e1")))).expectProblem(403,
                "forbidden");
        api.get(other.path("/config?waitSeconds=0"), node.credential).expectProblem(403, "forbidden");

        // A node credential is nothing outside /internal/v1, and no way to register another node.
        api.get("/v1/domains", node.credential).expectProblem(401, "unauthorized");
        api.get("/admin/v1/nodes", node.credential).expectProblem(401, "unauthorized");
        register(node.credential, Map.of("rtmpPort", 1935, "httpPort", 8081)).expectProblem(401, "unauthorized");

        heartbeat(node, node.credential).expect(200);
    }

    @Test
    void garbageHeartbeatsAreRefusedAsSuch() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.41");

        api.post(node.path("/heartbeat"), node.credential, "{").expect(400);
        api.post(node.path("/heartbeat"), node.credential, Map.of("draining", false))
                .expectProblem(422, "validation-failed");
        api.post(node.path("/heartbeat"), node.credential, Map.of("configVersion", 1, "draining", false,
                "streams", List.of(Map.of("domain", "d", "app", "a", "stream", "s", "viewers", -1))))
                .expectProblem(422, "validation-failed");
        api.post(node.path("/heartbeat"), node.credential, Map.of("configVersion", "one", "draining", false,
                "streams", List.of())).expect(400);
        api.post(node.path("/events"), node.credential, Map.of("events", List.of()))
                .expectProblem(422, "validation-failed");
        api.post(node.path("/events"), node.credential, "{\"events\": 5}").expect(400);
        api.call("POST", node.path("/heartbeat"), node.credential, "x", "Content-Type", "text/plain").expect(415);
    }

    @Test
    void aHeartbeatShowsInTheFleetAndIsPublished() {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.51");
        List<Map<String, Object>> streams = List.of(
                Map.of("domain", "push.a.example", "app", "live", "stream", "one", "viewers", 7, "publishing", true),
                Map.of("domain", "push.a.example", "app", "live", "stream", "two", "viewers", 3, "publishing", true),
                Map.of("domain", "push.b.example", "app", "live", "stream", "relayed", "viewers", 5));

        JsonNode ack = api.post(node.path("/heartbeat"), node.credential, Map.of("configVersion", 42,
                "draining", false, "connections", 15, "streams", streams)).expect(200).json();

        assertThat(ack.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(ack.has("credential")).isFalse();
        JsonNode shown = node(node.id);
        assertThat(shown.get("streams").asInt()).isEqualTo(2);
        assertThat(shown.get("viewers").asInt()).isEqualTo(15);
        assertThat(shown.get("configVersion").asLong()).isEqualTo(42);
        assertThat(Instant.parse(shown.get("lastHeartbeatAt").asText())).isAfter(Instant.now().minusSeconds(10));
        NodeHeartbeatReceived published = events.heartbeats.stream().filter(e -> e.nodeId().equals(node.id))
                .reduce((first, second) -> second).orElseThrow();
        assertThat(published.streams()).extracting(s -> s.getStream()).containsExactly("one", "two", "relayed");
    }

    @Test
    void aCredentialPastHalfItsLifeIsReplaced() throws JOSEException {
        TestNode node = TestNode.register(api, bootstrap, "192.0.2.52");
        Instant now = Instant.now();
        String aging = sign(NODE_CREDENTIAL_SECRET, claims(node.id, "liveplane-node", now.minusSeconds(3600),
                now.plusSeconds(3000)));

        JsonNode ack = heartbeat(node, aging).expect(200).json();

        String fresh = ack.get("credential").asText();
        assertThat(Instant.parse(ack.get("expiresAt").asText())).isAfter(now.plus(Duration.ofHours(23)));
        assertThat(heartbeat(node, fresh).expect(200).json().has("credential")).isFalse();
    }

    @Test
    void theNodeListIsPaginated() {
        for (int i = 0; i < 3; i++) {
            TestNode.register(api, bootstrap, "192.0.2.6" + i);
        }
        Set<String> seen = new TreeSet<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/admin/v1/nodes?pageSize=2" + (token == null ? "" : "&pageToken=" + token),
                    OPERATOR_TOKEN).expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(n -> assertThat(seen.add(n.get("id").asText())).isTrue());
            token = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        api.get("/admin/v1/nodes?pageToken=nope", OPERATOR_TOKEN).expectProblem(400, "invalid-page-token");
        api.get("/admin/v1/nodes/0000000000000000000000zzzz", OPERATOR_TOKEN).expectProblem(404, "not-found");
    }

    @Test
    void aSilentNodeLeavesDnsOnceAndComesBackWithAHeartbeat() {
        TestNode steady = TestNode.register(api, bootstrap, "198.51.100.1");
        TestNode quiet = TestNode.register(api, bootstrap, "198.51.100.2");
        alive.add(steady);
        // Contains, not equals: nodes of the previous test may still be in DNS until their own timeout.
        await(() -> edge().containsAll(Set.of("198.51.100.1", "198.51.100.2")));

        await(() -> node(quiet.id).get("status").asText().equals("SILENT"));
        awaitEdge(Set.of("198.51.100.1"));
        assertThat(events.silencedCount(quiet.id)).isEqualTo(1);
        assertThat(events.silencedCount(steady.id)).isZero();
        assertThat(node(steady.id).get("status").asText()).isEqualTo("HEALTHY");

        assertThat(quiet.heartbeat().get("status").asText()).isEqualTo("HEALTHY");
        alive.add(quiet);
        awaitEdge(Set.of("198.51.100.1", "198.51.100.2"));
        assertThat(events.silencedCount(quiet.id)).isEqualTo(1);
    }

    @Test
    void aDrainedNodeLeavesDnsAndIsToldSo() {
        TestNode drained = TestNode.register(api, bootstrap, "198.51.100.11");
        TestNode serving = TestNode.register(api, bootstrap, "2001:db8::11");
        alive.addAll(List.of(drained, serving));
        awaitEdge(Set.of("198.51.100.11", "2001:db8:0:0:0:0:0:11"));

        JsonNode answer = api.post("/admin/v1/nodes/" + drained.id + "/drain", OPERATOR_TOKEN, null).expect(200)
                .json();

        assertThat(answer.get("status").asText()).isEqualTo("DRAINING");
        assertThat(drained.heartbeat().get("status").asText()).isEqualTo("DRAINING");
        awaitEdge(Set.of("2001:db8:0:0:0:0:0:11"));
        assertThat(Lookup.answers(platformDns.port(), "edge." + ZONE, Type.A)).isEmpty();

        assertThat(api.post("/admin/v1/nodes/" + drained.id + "/undrain", OPERATOR_TOKEN, null).expect(200).json()
                .get("status").asText()).isEqualTo("HEALTHY");
        awaitEdge(Set.of("198.51.100.11", "2001:db8:0:0:0:0:0:11"));

        // A node may drain itself (before shutting down): out of DNS as well.
        assertThat(serving.heartbeat(true, List.of()).get("status").asText()).isEqualTo("DRAINING");
        alive.remove(serving);
        awaitEdge(Set.of("198.51.100.11"));
        api.post("/admin/v1/nodes/0000000000000000000000zzzz/drain", OPERATOR_TOKEN, null)
                .expectProblem(404, "not-found");
    }

    @Test
    void aDeletedNodeIsRefusedAtOnceAndLeavesDns() {
        TestNode node = TestNode.register(api, bootstrap, "198.51.100.21");
        alive.add(node);
        awaitEdge(Set.of("198.51.100.21"));
        alive.remove(node);

        api.delete("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expect(204);

        heartbeat(node, node.credential).expectProblem(410, "node-deleted");
        api.get("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expectProblem(404, "not-found");
        api.delete("/admin/v1/nodes/" + node.id, OPERATOR_TOKEN).expectProblem(404, "not-found");
        assertThat(events.silencedCount(node.id)).isEqualTo(1);
        awaitEdge(Set.of());
        assertThat(Lookup.answers(platformDns.port(), "edge." + ZONE, Type.AAAA)).isEmpty();
    }

    @Test
    void aNodeDeletedByAnotherInstanceIsRefusedWithinTheRefreshInterval() throws SQLException {
        TestNode node = TestNode.register(api, bootstrap, "198.51.100.22");
        api.post(node.path("/events"), node.credential, Map.of("events", List.of(event("before")))).expect(202);

        // What DELETE /admin/v1/nodes/{id} commits on another instance of the control plane.
        sql("UPDATE nodes SET revoked_at = ?, status = 'SILENT' WHERE id = ?", Timestamp.from(Instant.now()), node.id);
        Instant deleted = Instant.now();
        // A heartbeat reads the node's row, so it is refused at once, whatever this instance last read.
        heartbeat(node, node.credential).expectProblem(410, "node-deleted");

        Api.Response answer;
        do {
            answer = api.post(node.path("/events"), node.credential, Map.of("events", List.of(event("after"))));
        } while (answer.status() == 202 && Duration.between(deleted, Instant.now()).toMillis() < 5_000);
        answer.expectProblem(410, "node-deleted");
        assertThat(Duration.between(deleted, Instant.now()))
                .isLessThanOrEqualTo(NodeRevocations.REFRESH_INTERVAL.plusSeconds(1));
    }

    private JsonNode mintToken(Map<String, Object> body) {
        return api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, body).expect(201).json();
    }

    private JsonNode findToken(String id) {
        String pageToken = null;
        do {
            JsonNode page = api.get("/admin/v1/node-tokens?pageSize=100"
                    + (pageToken == null ? "" : "&pageToken=" + pageToken), OPERATOR_TOKEN).expect(200).json();
            for (JsonNode token : page.get("items")) {
                if (token.get("id").asText().equals(id)) {
                    return token;
                }
            }
            pageToken = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (pageToken != null);
        throw new AssertionError("token " + id + " not listed");
    }

    private Api.Response register(String token, Object body) {
        return api.post("/internal/v1/nodes/register", token, body);
    }

    private Api.Response heartbeat(TestNode node, String credential) {
        return api.post(node.path("/heartbeat"), credential, Map.of("configVersion", 1, "draining", false,
                "streams", List.of()));
    }

    private JsonNode node(String id) {
        return api.get("/admin/v1/nodes/" + id, OPERATOR_TOKEN).expect(200).json();
    }

    /** Waits until {@code edge.{zone}} answers exactly these addresses over DNS (A and AAAA together). */
    private void awaitEdge(Set<String> addresses) {
        await(() -> edge().equals(addresses));
    }

    private Set<String> edge() {
        Set<String> found = new TreeSet<>(Lookup.answers(platformDns.port(), "edge." + ZONE, Type.A));
        found.addAll(Lookup.answers(platformDns.port(), "edge." + ZONE, Type.AAAA));
        return found;
    }

    private void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + DEADLINE + "; edge." + ZONE + " holds " + edge());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void sql(String statement, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    static Map<String, Object> event(String id) {
        return Map.of("id", id, "type", "publish", "domain", "push.example.com", "app", "live", "stream", "s",
                "at", "2030-01-01T00:00:00Z");
    }

    static JWTClaimsSet claims(String nodeId, String audience, Instant issued, Instant expires) {
        return new JWTClaimsSet.Builder().subject(nodeId).audience(audience).issueTime(Date.from(issued))
                .expirationTime(Date.from(expires)).jwtID(UUID.randomUUID().toString()).build();
    }

    static String sign(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
