package dev.liveplane.media.e2e;

import static dev.liveplane.media.e2e.FleetEndToEndTest.push;
import static dev.liveplane.media.e2e.FleetEndToEndTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.FailureThrottle;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.fleet.FleetSettings;
import dev.liveplane.media.fleet.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node tells the control plane so that the online list converges to the truth, and how it takes being
 * deleted: each heartbeat lists the streams it publishes as its answered events left them (empty after a restart),
 * never out of step with them, and a node deleted by the operator stops serving and never registers again. Under
 * {@link FakeControlPlane}, with ffmpeg as the encoder.
 */
class FleetLivenessTest {

    private static final String PUSH = "push.example.com";
    private static final String KEY = "pushKey-liveness-1";
    private static final String LIVE = PUSH + "/live/cam";

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private FleetNode fleet;
    private final List<Ffmpeg.Run> encoders = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startControlPlane() throws IOException {
        controlPlane = new FakeControlPlane();
        controlPlane.publish(1, snapshot(1, push(PUSH, KEY, true), "", ""));
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

    @Test
    void everyHeartbeatListsExactlyWhatTheAnsweredEventsLeftOnline() throws Exception {
        fleet = startNode();
        awaitVersion();
        Ffmpeg.Run encoder = publish("cam", 4);

        await("a heartbeat listing the live stream", () -> listed(LIVE), Duration.ofSeconds(20));
        assertThat(encoder.await(Duration.ofSeconds(30))).isZero();
        await("the unpublish", () -> controlPlane.events("unpublish").size() == 1, Duration.ofSeconds(10));
        int after = controlPlane.listedHeartbeats.size();
        await("a heartbeat listing nothing", () -> controlPlane.listedHeartbeats.stream().skip(after)
                .anyMatch(h -> Set.of().equals(h.published())), Duration.ofSeconds(10));

        // Never out of step: each list equals what the events the control plane had recorded left on the node.
        for (FakeControlPlane.ListedHeartbeat heartbeat : controlPlane.listedHeartbeats) {
            if (heartbeat.published() != null) {
                assertThat(heartbeat.published()).as("heartbeat %s", heartbeat.body())
                        .isEqualTo(heartbeat.recordedOnline());
            }
        }
        assertThat(controlPlane.listedHeartbeats.get(0).published()).as("the first heartbeat lists").isNotNull();
    }

    @Test
    void aRestartedNodeListsNothingOnItsFirstHeartbeatUnderTheSameIdentity() throws Exception {
        fleet = startNode();
        awaitVersion();
        publish("cam", 60);
        await("a heartbeat listing the live stream", () -> listed(LIVE), Duration.ofSeconds(20));
        String nodeId = fleet.agent().identity().orElseThrow().nodeId();
        // The control plane hears nothing more from this process, as after kill -9.
        controlPlane.failNextEventPosts.set(Integer.MAX_VALUE);
        fleet.close();
        fleet = null;
        int before = controlPlane.listedHeartbeats.size();
        controlPlane.failNextEventPosts.set(0);

        fleet = startNode();
        await("a heartbeat after the restart", () -> controlPlane.listedHeartbeats.size() > before,
                Duration.ofSeconds(10));
        FakeControlPlane.ListedHeartbeat first = controlPlane.listedHeartbeats.get(before);
        assertThat(first.published()).isEmpty();
        assertThat(fleet.agent().identity().orElseThrow().nodeId()).isEqualTo(nodeId);
        assertThat(controlPlane.registrations.get()).isEqualTo(1);
    }

    @Test
    void aDeletedNodeStopsServingAndNeverRegistersAgain() throws Exception {
        fleet = startNode();
        awaitVersion();
        publish("cam", 60);
        await("the stream live", () -> fleet.node().registry().find(new StreamKey(PUSH, "live", "cam")).isPresent(),
                Duration.ofSeconds(20));
        String nodeId = fleet.agent().identity().orElseThrow().nodeId();

        controlPlane.deleted.add(nodeId);

        await("the running stream cut", () -> fleet.node().registry().streams().isEmpty(), Duration.ofSeconds(10));
        assertThat(health()).isEqualTo(503);
        Ffmpeg.Run refused = publish("late", 10);
        assertThat(refused.await(Duration.ofSeconds(20))).isNotZero();
        int calls = controlPlane.bearersSeen.size();
        Thread.sleep(3000); // three heartbeat intervals of the fake: a node still calling would have called
        assertThat(controlPlane.bearersSeen.size()).as("calls after the 410").isLessThanOrEqualTo(calls + 1);
        assertThat(controlPlane.registrations.get()).isEqualTo(1);

        // A restart with the same state directory is refused the same way, and registers nothing.
        fleet.close();
        fleet = startNode();
        await("the restarted node told", () -> fleet.node().drain().draining(), Duration.ofSeconds(10));
        assertThat(controlPlane.registrations.get()).isEqualTo(1);
    }

    @Test
    void aNodeRegisteringAgainNamesTheIdentityItHeld() throws Exception {
        fleet = startNode();
        awaitVersion();
        String first = fleet.agent().identity().orElseThrow().credential();
        controlPlane.revoke(first);
        await("a second registration", () -> controlPlane.registrations.get() == 2, Duration.ofSeconds(10));
        assertThat(controlPlane.registrationBodies.get(0).has("nodeId")).isFalse();
        assertThat(controlPlane.registrationBodies.get(1).path("nodeId").asText()).isEqualTo("node-1");

        // A registration naming a deleted node is refused: the node stops instead of trying again.
        await("the second identity in use", () -> fleet.agent().identity().map(NodeIdentity::nodeId)
                .filter("node-2"::equals).isPresent(), Duration.ofSeconds(5));
        controlPlane.deleted.add("node-2");
        controlPlane.revoke(fleet.agent().identity().orElseThrow().credential());
        await("the node stopped", () -> fleet.node().drain().draining(), Duration.ofSeconds(10));
        assertThat(controlPlane.registrationBodies).hasSize(3);
        assertThat(controlPlane.registrationBodies.get(2).path("nodeId").asText()).isEqualTo("node-2");
        Thread.sleep(2000); // a node retrying would register again within its backoff
        assertThat(controlPlane.registrationBodies).hasSize(3);
    }

    // ---- helpers ----

    private boolean listed(String stream) {
        return controlPlane.listedHeartbeats.stream().anyMatch(h -> h.published() != null
                && h.published().contains(stream));
    }

    /** SIGTERM's drain lets a live stream carry on, but no longer than it lasts: an idle node stops at once. */
    @Test
    void theShutdownDrainEndsOnceNoStreamIsLeft() throws Exception {
        fleet = startNode();
        awaitVersion();
        Ffmpeg.Run encoder = publish("cam", 3);
        await("the stream is live", () -> fleet.node().registry().size() == 1, Duration.ofSeconds(20));

        long start = System.nanoTime();
        fleet.shutdownGracefully();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        fleet = null;

        assertThat(encoder.await(Duration.ofSeconds(1))).as("the publisher ran to its end").isZero();
        assertThat(took).as("shutdown with a 10 s grace and a stream ending within 3 s")
                .isLessThan(Duration.ofSeconds(6));

        fleet = startNode();
        start = System.nanoTime();
        fleet.shutdownGracefully();
        fleet = null;
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("an idle node's shutdown")
                .isLessThan(Duration.ofSeconds(3));
    }

    private FleetNode startNode() throws Exception {
        FleetSettings settings = FleetSettings.of(controlPlane.uri(), FakeControlPlane.BOOTSTRAP_TOKEN,
                        dir.resolve("state"))
                .withTiming(Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1))
                .withDrainGrace(Duration.ofSeconds(10));
        FailureThrottle lenient = new FailureThrottle(10_000, Duration.ofMinutes(1), Duration.ofMillis(250),
                Duration.ofSeconds(8), Clock.systemUTC());
        return FleetNode.start(LocalNode.loopback(), settings, lenient);
    }

    private void awaitVersion() throws InterruptedException {
        await("snapshot version 1", () -> fleet.agent().snapshots().get().version() == 1, Duration.ofSeconds(10));
    }

    private Ffmpeg.Run publish(String stream, int seconds) throws IOException {
        String url = "rtmp://127.0.0.1:" + fleet.node().rtmpPort() + "/live/" + stream + "?vhost=" + PUSH;
        Ffmpeg.Run run = Ffmpeg.publish(UrlSigner.primary(new SigningPolicy(SigningScheme.A, KEY, null,
                Duration.ofSeconds(1800), List.of())).signUntil(url, Instant.now().plusSeconds(600)), seconds,
                "320x240", dir, "aac");
        encoders.add(run);
        return run;
    }

    private int health() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.node().adminPort()
                + "/healthz")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
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
