package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.MediaNode;
import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.fleet.StateDir;
import dev.liveplane.media.server.admin.AdminCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node under a fake control plane that speaks the spec's JSON: registration and its state directory, snapshots by
 * long poll and from disk, rules enforced and running sessions cut, stream events, heartbeats and drain, all
 * driven by ffmpeg as the encoder where media matters.
 */
class FleetEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUSH = "push.example.com";
    private static final String PLAY = "play.example.com";
    private static final String KEY = "pushKey-fleet-1";
    private static final String PLAY_KEY = "playKey-fleet-1";
    private static final String HLS_SECRET = Base64.getEncoder().encodeToString(
            "fleet-hls-session-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private FleetNode fleet;
    private String adminToken;
    private final List<Ffmpeg.Run> encoders = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startControlPlane() throws IOException {
        controlPlane = new FakeControlPlane();
        controlPlane.publish(1, snapshot(1, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""), "",
                ""));
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Ffmpeg.Run run : encoders) {
            run.kill();
        }
        if (fleet != null) {
            fleet.close();
        }
        controlPlane.close();
    }

    // ---- registration and the state directory ----

    @Test
    void registersOnceAndReusesTheSavedIdentityAfterARestart() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        await("a heartbeat", () -> !controlPlane.heartbeats.isEmpty(), Duration.ofSeconds(10));
        assertThat(controlPlane.registrations.get()).isEqualTo(1);
        JsonNode registration = controlPlane.registrationBodies.get(0);
        assertThat(registration.path("rtmpPort").asInt()).isEqualTo(fleet.node().rtmpPort());
        assertThat(registration.path("httpPort").asInt()).isEqualTo(fleet.node().httpPort());
        assertThat(registration.path("region").asText()).isEqualTo("local");
        assertThat(registration.has("address")).isFalse();

        Path identity = dir.resolve("state/node.json");
        Path savedSnapshot = dir.resolve("state/snapshot.json");
        // The snapshot is in force (and enforced) before it is saved.
        await("the snapshot saved", () -> Files.exists(savedSnapshot), Duration.ofSeconds(5));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(identity))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(savedSnapshot)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))))
                .isEqualTo("rwx------");
        assertThat(JSON.readTree(identity.toFile()).path("nodeId").asText()).isEqualTo("node-1");
        assertThat(JSON.readTree(savedSnapshot.toFile()).path("version").asLong()).isEqualTo(1);

        fleet.close();
        int heartbeatsBefore = controlPlane.heartbeats.size();
        fleet = startNode(controlPlane.uri());
        await("a heartbeat after the restart", () -> controlPlane.heartbeats.size() > heartbeatsBefore,
                Duration.ofSeconds(10));
        assertThat(controlPlane.registrations.get()).isEqualTo(1);
        assertThat(fleet.agent().identity().orElseThrow().nodeId()).isEqualTo("node-1");
    }

    @Test
    void aRestartWithTheControlPlaneDownServesTheSavedSnapshot() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        // The snapshot is in force before it is saved: closing at once could beat the write.
        await("the snapshot saved", () -> Files.exists(dir.resolve("state/snapshot.json")), Duration.ofSeconds(5));
        fleet.close();
        URI gone = controlPlane.uri();
        controlPlane.close();

        fleet = startNode(gone);
        assertThat(fleet.agent().snapshotSource()).isEqualTo("disk");
        assertThat(fleet.agent().snapshots().get().version()).isEqualTo(1);
        publish("live", "static", KEY);
        awaitLive("static", Duration.ofSeconds(15));
        assertThat(metrics()).contains("liveplane_fleet_snapshot_source{source=\"disk\"} 1.0");
        controlPlane = new FakeControlPlane(); // for @AfterEach
    }

    @Test
    void aNewSnapshotIsInForceWithinTwoSecondsOfTheLongPollReturning() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        await("the node's long poll to be waiting", () -> true, Duration.ZERO);
        String rotated = "pushKey-fleet-2";
        long released = System.nanoTime();
        controlPlane.publish(2, snapshot(2, push(PUSH, rotated, true) + "," + push("push2.example.com", "k-new", true)
                + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""), "", ""));
        awaitVersion(2, Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(2));

        publish("live", "newdomain", "k-new", "push2.example.com");
        awaitLive(new StreamKey("push2.example.com", "live", "newdomain"), Duration.ofSeconds(15));
        Ffmpeg.Run oldKey = publish("live", "oldkey", KEY);
        assertThat(oldKey.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(oldKey.stderr()).contains("Publishing is not authorized");
        publish("live", "newkey", rotated);
        awaitLive("newkey", Duration.ofSeconds(15));
    }

    // ---- enforcement ----

    @Test
    void aForbidCutsTheLivePublisherAndRefusesItUntilLifted() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        Ffmpeg.Run encoder = publish("live", "demo", KEY);
        awaitLive("demo", Duration.ofSeconds(15));

        long forbidden = System.nanoTime();
        controlPlane.publish(2, snapshot(2, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""),
                "{\"domain\": \"push.example.com\", \"app\": \"live\", \"stream\": \"demo\", \"until\": null}", ""));
        await("the forbidden publisher to be cut", () -> stream("demo") == null, Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - forbidden)).isLessThan(Duration.ofMillis(2500));
        assertThat(encoder.await(Duration.ofSeconds(10))).isNotZero();
        await("the unpublish event", () -> controlPlane.events("unpublish").stream()
                .anyMatch(e -> e.path("reason").asText().equals("forbidden")), Duration.ofSeconds(5));

        Ffmpeg.Run again = publish("live", "demo", KEY);
        assertThat(again.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(again.stderr()).contains("Publishing is forbidden");

        controlPlane.publish(3, snapshot(3, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""),
                "{\"domain\": \"push.example.com\", \"app\": \"live\", \"stream\": \"demo\", \"until\": \""
                        + Instant.now().minusSeconds(5) + "\"}", ""));
        awaitVersion(3, Duration.ofSeconds(5));
        publish("live", "demo", KEY);
        awaitLive("demo", Duration.ofSeconds(15));
    }

    @Test
    void aDisabledDomainCutsAndRefusesPublishersAndViewers() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        publish("live", "dis", KEY);
        awaitLive("dis", Duration.ofSeconds(15));
        String flv = signedPlay("/live/dis.flv");
        InputStream viewer = http.send(HttpRequest.newBuilder(URI.create(flv)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
        assertThat(new String(viewer.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("FLV");
        await("the viewer to attach", () -> stream("dis").viewerCount() == 1, Duration.ofSeconds(5));

        // The pull domain goes first: its viewer is cut, new plays refused, the publisher carries on.
        controlPlane.publish(2, snapshot(2, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, false, ""),
                "", ""));
        awaitVersion(2, Duration.ofSeconds(5));
        await("the viewer to be cut", () -> stream("dis") != null && stream("dis").viewerCount() == 0,
                Duration.ofSeconds(3));
        assertThat(drain(viewer)).isTrue();
        assertThat(LocalNode.get(flv).statusCode()).isEqualTo(403);

        controlPlane.publish(3, snapshot(3, push(PUSH, KEY, false) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""),
                "", ""));
        await("the publisher of a disabled domain to be cut", () -> stream("dis") == null, Duration.ofSeconds(3));
        Ffmpeg.Run refused = publish("live", "dis2", KEY);
        assertThat(refused.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(refused.stderr()).contains("Publishing is forbidden");
    }

    @Test
    void aSuspendedTenantsPullDomainsRefusePlays() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        String flv = signedPlay("/live/none.flv");
        assertThat(LocalNode.get(flv).statusCode()).as("authorized, not live").isEqualTo(404);
        controlPlane.publish(2, snapshot(2, push(PUSH, KEY, true) + "," + pull(PLAY, PUSH, PLAY_KEY, true, ""), "",
                "\"tenant-1\""));
        awaitVersion(2, Duration.ofSeconds(5));
        assertThat(LocalNode.get(flv).statusCode()).isEqualTo(403);
    }

    @Test
    void refererAndIpRulesOfThePullDomainAreEnforced() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        // 404 (stream not live) means the request was authorized; 403 that it was refused.
        String flv = signedPlay("/live/none.flv");
        applyPullRules(2, "\"refererAllow\": [\"*.example.org\"], \"refererDeny\": [\"bad.example.org\"], "
                + "\"ipAllow\": [], \"ipDeny\": []");
        assertThat(play(flv, "https://www.example.org/watch")).isEqualTo(404);
        assertThat(play(flv, "https://bad.example.org/watch")).isEqualTo(403);
        assertThat(play(flv, "https://elsewhere.test/")).isEqualTo(403);
        assertThat(play(flv, null)).isEqualTo(403);

        applyPullRules(3, "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [], \"ipDeny\": [\"127.0.0.0/8\"]");
        assertThat(play(flv, null)).isEqualTo(403);
        applyPullRules(4, "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [\"10.0.0.0/8\", \"::1\"], "
                + "\"ipDeny\": []");
        assertThat(play(flv, null)).isEqualTo(403);
        applyPullRules(5, "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [\"127.0.0.1/32\"], "
                + "\"ipDeny\": []");
        assertThat(play(flv, null)).isEqualTo(404);
    }

    // ---- stream events ----

    @Test
    void publishAndUnpublishEventsCarryTheRealTracks() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        Ffmpeg.Run encoder = Ffmpeg.publish(signedPush("live", "ev", KEY, PUSH), 3, "320x240", dir, "aac");
        encoders.add(encoder);
        assertThat(encoder.await(Duration.ofSeconds(30))).isZero();
        await("publish and unpublish events", () -> controlPlane.events.size() >= 2, Duration.ofSeconds(10));

        JsonNode publish = controlPlane.events.get(0);
        assertThat(publish.path("type").asText()).isEqualTo("publish");
        assertThat(publish.path("domain").asText()).isEqualTo(PUSH);
        assertThat(publish.path("app").asText()).isEqualTo("live");
        assertThat(publish.path("stream").asText()).isEqualTo("ev");
        assertThat(publish.path("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(publish.path("video").path("codec").asText()).isEqualTo("h264");
        assertThat(publish.path("video").path("width").asInt()).isEqualTo(320);
        assertThat(publish.path("video").path("height").asInt()).isEqualTo(240);
        assertThat(publish.path("video").path("frameRate").asDouble()).isEqualTo(25.0);
        assertThat(publish.path("audio").path("codec").asText()).isEqualTo("aac");
        assertThat(publish.path("audio").path("sampleRate").asInt()).isEqualTo(44100);
        assertThat(publish.path("audio").path("channels").asInt()).isEqualTo(1);
        assertThat(publish.path("bitrateKbps").asInt()).isPositive();
        assertThat(Instant.parse(publish.path("at").asText())).isBefore(Instant.now());
        JsonNode unpublish = controlPlane.events.get(1);
        assertThat(unpublish.path("type").asText()).isEqualTo("unpublish");
        assertThat(unpublish.path("reason").asText()).isEqualTo("ended");
        assertThat(unpublish.path("id").asText()).isNotEqualTo(publish.path("id").asText());
    }

    @Test
    void eventsFailedWithA500AreRetriedInOrderAndRecordedOnce() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        controlPlane.failNextEventPosts.set(2);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StreamKey key = new StreamKey(PUSH, "live", "s" + i);
            fleet.agent().unpublished(key, DomainOwner.NONE, "ended");
            expected.add(key.stream());
        }
        await("every event", () -> controlPlane.events.size() == expected.size(), Duration.ofSeconds(15));
        assertThat(controlPlane.eventPosts.get()).isGreaterThanOrEqualTo(3);
        assertThat(controlPlane.events.stream().map(e -> e.path("stream").asText()).toList()).isEqualTo(expected);
        assertThat(metrics()).contains("liveplane_fleet_events_queued 0.0");
    }

    // ---- credentials ----

    @Test
    void aRejectedCredentialMakesTheNodeRegisterAgain() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        String first = fleet.agent().identity().orElseThrow().credential();
        controlPlane.revoke(first);
        await("a second registration", () -> controlPlane.registrations.get() == 2, Duration.ofSeconds(10));
        await("the new identity saved", () -> readIdentity().path("nodeId").asText().equals("node-2"),
                Duration.ofSeconds(5));
        int heartbeats = controlPlane.heartbeats.size();
        await("heartbeats with the new credential", () -> controlPlane.heartbeats.size() > heartbeats,
                Duration.ofSeconds(5));
    }

    @Test
    void aCredentialFromTheHeartbeatAckReplacesTheOldOneOnDisk() throws Exception {
        controlPlane.rotateTo = "eyJhbGciOiJFUzI1NiJ9.rotated.sig";
        fleet = startNode(controlPlane.uri());
        await("the rotated credential saved",
                () -> readIdentity().path("credential").asText().equals("eyJhbGciOiJFUzI1NiJ9.rotated.sig"),
                Duration.ofSeconds(10));
        int seen = controlPlane.bearersSeen.size();
        await("calls with the rotated credential", () -> controlPlane.bearersSeen.stream().skip(seen)
                .anyMatch("eyJhbGciOiJFUzI1NiJ9.rotated.sig"::equals), Duration.ofSeconds(5));
        assertThat(controlPlane.registrations.get()).isEqualTo(1);
    }

    // ---- drain ----

    @Test
    void drainingRefusesNewSessionsAndTellsTheHealthCheckAndTheControlPlane() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        String flv = signedPlay("/live/none.flv");
        assertThat(admin("POST", "/drain").body()).isEqualTo("draining\n");
        HttpResponse<String> health = admin("GET", "/healthz");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("draining\n");
        assertThat(LocalNode.get(flv).statusCode()).isEqualTo(503);
        Ffmpeg.Run refused = publish("live", "late", KEY);
        assertThat(refused.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(refused.stderr()).contains("Server is draining");
        await("a heartbeat saying draining", () -> controlPlane.heartbeats.stream()
                .anyMatch(h -> h.path("draining").asBoolean()), Duration.ofSeconds(5));
        assertThat(metrics()).contains("liveplane_fleet_draining 1.0");

        admin("DELETE", "/drain");
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
        assertThat(LocalNode.get(flv).statusCode()).isEqualTo(404);

        controlPlane.ackStatus = "DRAINING";
        await("the operator's drain", () -> fleet.node().drain().draining(), Duration.ofSeconds(5));
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(503);
        controlPlane.ackStatus = "HEALTHY";
        await("the operator's drain lifted", () -> !fleet.node().drain().draining(), Duration.ofSeconds(5));
    }

    // ---- bad snapshots ----

    @Test
    void aCorruptSnapshotIsRejectedWholeAndTheOldOneKept() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        controlPlane.publish(2, snapshot(2, push(PUSH, KEY, true).replace("\"scheme\": \"A\"", "\"scheme\": \"ROT13\"")
                + "," + push("push2.example.com", "k2", true), "", ""));
        controlPlane.publish(3, "{\"version\": 3, \"domains\": [");
        // The node keeps asking with version 1 and keeps refusing what it gets; version 1 stays in force.
        await("the control plane to have answered", () -> fleet.agent().snapshots().get().version() == 1
                && metrics().contains("liveplane_fleet_config_version 1.0"), Duration.ofSeconds(5));
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(fleet.agent().snapshots().get().version()).isEqualTo(1);
            Thread.sleep(100);
        }
        assertThat(JSON.readTree(dir.resolve("state/snapshot.json").toFile()).path("version").asLong()).isEqualTo(1);
        controlPlane.publish(4, snapshot(4, push(PUSH, KEY, true), "", ""));
        awaitVersion(4, Duration.ofSeconds(10));
    }

    // ---- helpers ----

    private FleetNode startNode(URI controlPlaneUri) throws Exception {
        FleetSettings settings = FleetSettings.of(controlPlaneUri, FakeControlPlane.BOOTSTRAP_TOKEN,
                        dir.resolve("state"))
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        FailureThrottle lenient = new FailureThrottle(10_000, Duration.ofMinutes(1), Duration.ofMillis(250),
                Duration.ofSeconds(8), Clock.systemUTC());
        // As MediaNodeMain does: the node's own admin token lives in its state directory.
        adminToken = new StateDir(dir.resolve("state")).adminToken();
        NodeSettings node = LocalNode.loopback();
        return FleetNode.start(node.withAdmin(node.admin().withCredentials(AdminCredentials.of(adminToken, null))),
                settings, lenient);
    }

    static String snapshot(long version, String domains, String forbidden, String suspended) {
        return """
                {"version": %d, "generatedAt": "%s", "hlsSessionSecret": "%s",
                 "domains": [%s],
                 "forbiddenStreams": [%s],
                 "suspendedTenants": [%s]}
                """.formatted(version, Instant.now(), HLS_SECRET, domains, forbidden, suspended);
    }

    static String push(String name, String key, boolean enabled) {
        return """
                {"name": "%s", "tenantId": "tenant-1", "type": "push", "enabled": %s, "scheme": "A",
                 "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}
                """.formatted(name, enabled, key);
    }

    static String pull(String name, String pushDomain, String key, boolean enabled, String rules) {
        String lists = rules.isEmpty()
                ? "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [], \"ipDeny\": []" : rules;
        return """
                {"name": "%s", "tenantId": "tenant-1", "type": "pull", "pushDomain": "%s", "enabled": %s,
                 "scheme": "A", "validitySeconds": 1800, "primaryKey": "%s", "secondaryKey": null, "jwtKeys": [],
                 %s}
                """.formatted(name, pushDomain, enabled, key, lists);
    }

    private void applyPullRules(long version, String rules) throws InterruptedException {
        controlPlane.publish(version, snapshot(version, push(PUSH, KEY, true) + ","
                + pull(PLAY, PUSH, PLAY_KEY, true, rules), "", ""));
        awaitVersion(version, Duration.ofSeconds(5));
    }

    private int play(String url, String referer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (referer != null) {
            request.header("Referer", referer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Ffmpeg.Run publish(String app, String stream, String key) throws IOException {
        return publish(app, stream, key, PUSH);
    }

    private Ffmpeg.Run publish(String app, String stream, String key, String domain) throws IOException {
        Ffmpeg.Run run = Ffmpeg.publish(signedPush(app, stream, key, domain), 60, "320x240", dir, "aac");
        encoders.add(run);
        return run;
    }

    private String signedPush(String app, String stream, String key, String domain) {
        String url = "rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/" + app + "/" + stream + "?vhost=" + domain;
        return UrlSigner.primary(policy(key)).signUntil(url, Instant.now().plusSeconds(600));
    }

    private String signedPlay(String path) {
        String url = "http://127.0.0.1:" + fleet.node().httpPort() + path + "?vhost=" + PLAY;
        return UrlSigner.primary(policy(PLAY_KEY)).signUntil(url, Instant.now().plusSeconds(600));
    }

    private static SigningPolicy policy(String key) {
        return new SigningPolicy(SigningScheme.A, key, null, Duration.ofSeconds(1800), List.of());
    }

    private dev.liveplane.media.server.stream.LiveStream stream(String name) {
        return fleet.node().registry().find(new StreamKey(PUSH, "live", name)).orElse(null);
    }

    private void awaitLive(String name, Duration timeout) throws InterruptedException {
        awaitLive(new StreamKey(PUSH, "live", name), timeout);
    }

    private void awaitLive(StreamKey key, Duration timeout) throws InterruptedException {
        MediaNode node = fleet.node();
        await(key + " live", () -> node.registry().find(key).isPresent(), timeout);
    }

    private void awaitVersion(long version, Duration timeout) throws InterruptedException {
        await("snapshot version " + version, () -> fleet.agent().snapshots().get().version() == version, timeout);
    }

    private JsonNode readIdentity() {
        try {
            return JSON.readTree(dir.resolve("state/node.json").toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private String metrics() {
        try {
            return admin("GET", "/metrics").body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node().adminPort() + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when the response ends (the node closed it) within a few seconds. */
    private static boolean drain(InputStream body) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        byte[] buffer = new byte[65536];
        while (System.nanoTime() < deadline) {
            try {
                if (body.read(buffer) < 0) {
                    return true;
                }
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
