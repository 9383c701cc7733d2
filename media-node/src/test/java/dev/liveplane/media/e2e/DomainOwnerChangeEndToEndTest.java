package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.server.stream.LiveStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 6 on a real node under a fake control plane, ffmpeg as tenant A's encoder: A's push and pull domains
 * are deleted and tenant B registers the same names. The snapshot that gives B the names cuts A's publisher and
 * viewers, and no play signed by B ever gets A's media, live or from the HLS kept after the stream ended.
 */
class DomainOwnerChangeEndToEndTest {

    private static final String PUSH = "push.owner.example";
    private static final String PLAY = "play.owner.example";
    private static final String HLS_SECRET = Base64.getEncoder().encodeToString(
            "owner-hls-session-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private FleetNode fleet;
    private Ffmpeg.Run encoder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        controlPlane = new FakeControlPlane();
        controlPlane.publish(1, snapshot(1, tenant("dom-a-push", "dom-a-play", "tenant-a", "key-a", "play-a")));
        FleetSettings settings = FleetSettings.of(controlPlane.uri(), FakeControlPlane.BOOTSTRAP_TOKEN,
                dir.resolve("state")).withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1));
        fleet = FleetNode.start(LocalNode.loopback(), settings, new FailureThrottle(10_000, Duration.ofMinutes(1),
                Duration.ofMillis(250), Duration.ofSeconds(8), Clock.systemUTC()));
        await("snapshot 1", () -> fleet.agent().snapshots().get().version() == 1, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (encoder != null) {
            encoder.kill();
        }
        fleet.close();
        controlPlane.close();
    }

    @Test
    void anotherTenantTakingTheNamesCutsTheStreamAndNeverPlaysIt() throws Exception {
        encoder = Ffmpeg.publish(signed("rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/live/demo?vhost=" + PUSH,
                "key-a"), 60, "320x240", dir, "aac");
        await("A's stream live", () -> live() != null, Duration.ofSeconds(15));
        InputStream viewerA = http.send(HttpRequest.newBuilder(URI.create(flv("play-a"))).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
        assertThat(new String(viewerA.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("FLV");
        await("A's HLS playlist", () -> status(hls("play-a")) == 200, Duration.ofSeconds(20));

        // A deleted both domains and B registered the same names: new ids, B's tenant and keys.
        long changed = System.nanoTime();
        controlPlane.publish(2, snapshot(2, tenant("dom-b-push", "dom-b-play", "tenant-b", "key-b", "play-b")));
        await("A's publisher cut", () -> live() == null, Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofMillis(2500));
        assertThat(drain(viewerA)).as("A's viewer cut").isTrue();
        assertThat(encoder.await(Duration.ofSeconds(10))).isNotZero();

        // B's own signatures are valid now, yet nothing of A's reaches them: not live, not the kept HLS.
        assertThat(status(flv("play-b"))).isEqualTo(404);
        assertThat(status(hls("play-b"))).isEqualTo(404);
        assertThat(status(flv("play-a"))).as("A's signature is no longer valid").isEqualTo(403);
        // Under A's id, which the control plane no longer has: it records nothing for B.
        await("the unpublish event", () -> controlPlane.events("unpublish").stream()
                .anyMatch(e -> e.path("reason").asText().equals("domain_removed")
                        && e.path("domainId").asText().equals("dom-a-push")), Duration.ofSeconds(5));
        assertThat(controlPlane.events("publish")).allMatch(e -> e.path("domainId").asText().equals("dom-a-push"));
    }

    private LiveStream live() {
        return fleet.node().registry().find(new StreamKey(PUSH, "live", "demo")).orElse(null);
    }

    private String flv(String playKey) {
        return signed("http://127.0.0.1:" + fleet.node().httpPort() + "/live/demo.flv?vhost=" + PLAY, playKey);
    }

    private String hls(String playKey) {
        return signed("http://127.0.0.1:" + fleet.node().httpPort() + "/live/demo.m3u8?vhost=" + PLAY, playKey);
    }

    private static String signed(String url, String key) {
        return UrlSigner.primary(new SigningPolicy(SigningScheme.A, key, null, Duration.ofSeconds(1800), List.of()))
                .signUntil(url, Instant.now().plusSeconds(600));
    }

    private int status(String url) {
        try {
            return send(url);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private int send(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String snapshot(long version, String domains) {
        return """
                {"version": %d, "generatedAt": "%s", "hlsSessionSecret": "%s", "domains": [%s],
                 "forbiddenStreams": [], "suspendedTenants": []}
                """.formatted(version, Instant.now(), HLS_SECRET, domains);
    }

    /** One tenant's push domain and the pull domain bound to it, each with the control plane's id. */
    private static String tenant(String pushId, String playId, String tenant, String pushKey, String playKey) {
        String lists = "\"refererAllow\": [], \"refererDeny\": [], \"ipAllow\": [], \"ipDeny\": []";
        return """
                {"id": "%s", "name": "%s", "tenantId": "%s", "type": "push", "enabled": true, "scheme": "A",
                 "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [], %s},
                {"id": "%s", "name": "%s", "tenantId": "%s", "type": "pull", "pushDomain": "%s", "enabled": true,
                 "scheme": "A", "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [], %s}
                """.formatted(pushId, PUSH, tenant, pushKey, lists, playId, PLAY, tenant, PUSH, playKey, lists);
    }

    /** True when the response ends (the node closed it) within a few seconds. */
    private static boolean drain(InputStream body) {
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
