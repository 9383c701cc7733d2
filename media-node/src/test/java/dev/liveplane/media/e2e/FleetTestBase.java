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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node under a fake control plane that speaks the spec's JSON, and what its end-to-end tests share: the fake,
 * snapshots written as the control plane sends them, signed ffmpeg publishers and players, waits.
 */
abstract class FleetTestBase {


    static final ObjectMapper JSON = new ObjectMapper();
    static final String PUSH = "push.example.com";
    static final String PLAY = "play.example.com";
    static final String KEY = "pushKey-fleet-1";
    static final String PLAY_KEY = "playKey-fleet-1";
    static final String HLS_SECRET = Base64.getEncoder().encodeToString(
            "fleet-hls-session-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    FakeControlPlane controlPlane;
    FleetNode fleet;
    String adminToken;
    final List<Ffmpeg.Run> encoders = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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


    // ---- helpers ----

    FleetNode startNode(URI controlPlaneUri) throws Exception {
        return startNode(controlPlaneUri, settings -> settings);
    }

    /** A node whose fleet settings {@code tune} changes first. */
    FleetNode startNode(URI controlPlaneUri, UnaryOperator<FleetSettings> tune) throws Exception {
        FleetSettings settings = tune.apply(FleetSettings.of(controlPlaneUri, FakeControlPlane.BOOTSTRAP_TOKEN,
                        dir.resolve("state"))
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1)));
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
                {"id": "%s", "name": "%s", "tenantId": "tenant-1", "type": "push", "enabled": %s,
                 "scheme": "A", "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}
                """.formatted(idOf(name), name, enabled, key);
    }

    /** The control plane's id for the domain {@code name} in these snapshots (ids are [A-Za-z0-9_~-]). */
    static String idOf(String name) {
        return "id-" + name.replace('.', '-');
    }

    static String pull(String name, String pushDomain, String key, boolean enabled, String rules) {
        String lists = rules.isEmpty()
                ? "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [], \"ipDeny\": []" : rules;
        return """
                {"id": "%s", "name": "%s", "tenantId": "tenant-1", "type": "pull", "pushDomain": "%s",
                 "enabled": %s, "scheme": "A", "validitySeconds": 1800, "primaryKey": "%s", "secondaryKey": null,
                 "jwtKeys": [], %s}
                """.formatted(idOf(name), name, pushDomain, enabled, key, lists);
    }

    void applyPullRules(long version, String rules) throws InterruptedException {
        controlPlane.publish(version, snapshot(version, push(PUSH, KEY, true) + ","
                + pull(PLAY, PUSH, PLAY_KEY, true, rules), "", ""));
        awaitVersion(version, Duration.ofSeconds(5));
    }

    int play(String url, String referer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (referer != null) {
            request.header("Referer", referer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    Ffmpeg.Run publish(String app, String stream, String key) throws IOException {
        return publish(app, stream, key, PUSH);
    }

    Ffmpeg.Run publish(String app, String stream, String key, String domain) throws IOException {
        Ffmpeg.Run run = Ffmpeg.publish(signedPush(app, stream, key, domain), 60, "320x240", dir, "aac");
        encoders.add(run);
        return run;
    }

    String signedPush(String app, String stream, String key, String domain) {
        String url = "rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/" + app + "/" + stream + "?vhost=" + domain;
        return UrlSigner.primary(policy(key)).signUntil(url, Instant.now().plusSeconds(600));
    }

    String signedPlay(String path) {
        String url = "http://127.0.0.1:" + fleet.node().httpPort() + path + "?vhost=" + PLAY;
        return UrlSigner.primary(policy(PLAY_KEY)).signUntil(url, Instant.now().plusSeconds(600));
    }

    static SigningPolicy policy(String key) {
        return new SigningPolicy(SigningScheme.A, key, null, Duration.ofSeconds(1800), List.of());
    }

    dev.liveplane.media.server.stream.LiveStream stream(String name) {
        return fleet.node().registry().find(new StreamKey(PUSH, "live", name)).orElse(null);
    }

    void awaitLive(String name, Duration timeout) throws InterruptedException {
        awaitLive(new StreamKey(PUSH, "live", name), timeout);
    }

    void awaitLive(StreamKey key, Duration timeout) throws InterruptedException {
        MediaNode node = fleet.node();
        await(key + " live", () -> node.registry().find(key).isPresent(), timeout);
    }

    void awaitVersion(long version, Duration timeout) throws InterruptedException {
        await("snapshot version " + version, () -> fleet.agent().snapshots().get().version() == version, timeout);
    }

    JsonNode readIdentity() {
        try {
            return JSON.readTree(dir.resolve("state/node.json").toFile());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    String metrics() {
        try {
            return admin("GET", "/metrics").body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node().adminPort() + path))
                .header("Authorization", "Bearer " + adminToken)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when the response ends (the node closed it) within a few seconds. */
    static boolean drain(InputStream body) throws IOException {
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

    static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
