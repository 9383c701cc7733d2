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
 * A node under a fake control plane enforcing what its snapshots say: forbids, disabled domains, suspended tenants,
 * referer and IP rules cut running sessions and refuse new ones; a corrupt snapshot is refused whole.
 */
class FleetRulesEndToEndTest extends FleetTestBase {

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
}
