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
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node under a fake control plane: registration and its state directory, snapshots by long poll and from disk,
 * stream events, credentials, heartbeats and drain, driven by ffmpeg as the encoder where media matters.
 */
class FleetEndToEndTest extends FleetTestBase {

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

    @Test
    void aControlPlaneBackFromAnOutageIsFollowedAtOnceNotAfterThePollsBackoff() throws Exception {
        // A long backoff: the config poll that fails when the control plane goes waits 10 to 20 s before the next.
        fleet = startNode(controlPlane.uri(), settings -> settings.withTiming(Duration.ofSeconds(5),
                Duration.ofSeconds(20), Duration.ofSeconds(20)));
        awaitVersion(1, Duration.ofSeconds(10));
        await("a heartbeat", () -> !controlPlane.heartbeats.isEmpty(), Duration.ofSeconds(10));
        int port = controlPlane.port();
        var credentials = Map.copyOf(controlPlane.credentials);
        controlPlane.close();
        Thread.sleep(2000); // the poll and a heartbeat fail

        controlPlane = new FakeControlPlane(port);
        controlPlane.credentials.putAll(credentials);
        long back = System.nanoTime();
        controlPlane.publish(2, snapshot(2, push(PUSH, "pushKey-fleet-2", true) + "," + pull(PLAY, PUSH, PLAY_KEY,
                true, ""), "", ""));
        // The first heartbeat that gets through (1 s interval) brings the poll forward.
        awaitVersion(2, Duration.ofSeconds(5));
        System.out.printf("fleet: snapshot 2 in force %d ms after the control plane came back%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
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
}
