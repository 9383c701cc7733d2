package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.liveplane.api.signing.UrlSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A node holding a snapshot follows the control plane's changes as deltas ({@code /config/changes}, api/openapi.yaml):
 * what a delta says is enforced as a whole snapshot's would be, the node falls back to the whole snapshot (gzipped)
 * when the control plane cannot give the changes, when the delta is not for the version it holds, or when it is
 * malformed, follows an older control plane without the route by whole snapshots, and saves what deltas made as the
 * whole snapshot of that version.
 */
class ConfigDeltaEndToEndTest extends FleetTestBase {

    private static final String PLAY2 = "play2.example.com";
    private static final String PLAY2_KEY = "playKey-fleet-2";

    private static String forbid(String stream) {
        return "{\"domain\": \"push.example.com\", \"app\": \"live\", \"stream\": \"" + stream
                + "\", \"until\": \"2030-01-01T00:00:00Z\"}";
    }

    private static String domains(String... more) {
        return String.join(",", push(PUSH, KEY, true), pull(PLAY, PUSH, PLAY_KEY, true, "")) + (more.length == 0
                ? "" : "," + String.join(",", more));
    }

    @Test
    void aForbidTravelsAsADeltaAndCutsTheLivePublisher() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        assertThat(controlPlane.config.wholeGzipped).as("the first snapshot came whole, gzipped").containsExactly(true);
        Ffmpeg.Run encoder = publish("live", "demo", KEY);
        awaitLive("demo", Duration.ofSeconds(15));

        controlPlane.publish(2, snapshot(2, domains(), forbid("demo"), ""));
        await("the forbidden publisher to be cut", () -> stream("demo") == null, Duration.ofSeconds(3));
        assertThat(encoder.await(Duration.ofSeconds(10))).isNotZero();
        await("the unpublish event", () -> controlPlane.events("unpublish").stream()
                .anyMatch(e -> e.path("reason").asText().equals("forbidden")), Duration.ofSeconds(5));

        assertThat(controlPlane.config.wholeSent.get()).as("no second whole snapshot").isEqualTo(1);
        JsonNode delta = controlPlane.config.deltasSent.get(0);
        assertThat(delta.path("fromVersion").asLong()).isEqualTo(1);
        assertThat(delta.path("version").asLong()).isEqualTo(2);
        assertThat(delta.path("domains")).isEmpty();
        assertThat(delta.path("forbiddenStreams").get(0).path("stream").asText()).isEqualTo("demo");
        assertThat(controlPlane.config.deltaBytes.get()).isLessThan(controlPlane.config.snapshot(2).length() / 2);

        Ffmpeg.Run again = publish("live", "demo", KEY);
        assertThat(again.await(Duration.ofSeconds(20))).isNotZero();
        assertThat(again.stderr()).contains("Publishing is forbidden");
    }

    @Test
    void domainsAddedChangedAndRemovedByDeltasTakeEffect() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        // 404 (stream not live) means the play was authorized; 403 that it was refused.
        String onPlay2 = signedPlayOn(PLAY2, PLAY2_KEY, "/live/none.flv");
        String onPlay = signedPlay("/live/none.flv");
        assertThat(LocalNode.get(onPlay2).statusCode()).isEqualTo(403);

        controlPlane.publish(2, snapshot(2, domains(pull(PLAY2, PUSH, PLAY2_KEY, true, "")), "", ""));
        awaitVersion(2, Duration.ofSeconds(5));
        assertThat(LocalNode.get(onPlay2).statusCode()).as("added").isEqualTo(404);

        controlPlane.publish(3, snapshot(3, domains(pull(PLAY2, PUSH, PLAY2_KEY, false, "")), "", ""));
        awaitVersion(3, Duration.ofSeconds(5));
        assertThat(LocalNode.get(onPlay2).statusCode()).as("disabled").isEqualTo(403);
        assertThat(LocalNode.get(onPlay).statusCode()).as("the other domain untouched").isEqualTo(404);

        controlPlane.publish(4, snapshot(4, push(PUSH, KEY, true) + "," + pull(PLAY2, PUSH, PLAY2_KEY, true, ""),
                "", ""));
        awaitVersion(4, Duration.ofSeconds(5));
        assertThat(LocalNode.get(onPlay).statusCode()).as("removed").isEqualTo(403);
        assertThat(LocalNode.get(onPlay2).statusCode()).as("enabled again").isEqualTo(404);

        List<JsonNode> deltas = controlPlane.config.deltasSent;
        assertThat(deltas).hasSize(3);
        assertThat(deltas.get(0).path("domains").findValuesAsText("name")).containsExactly(PLAY2);
        assertThat(deltas.get(1).path("domains").get(0).path("enabled").asBoolean()).isFalse();
        assertThat(deltas.get(2).path("removedDomainIds").get(0).asText()).isEqualTo(idOf(PLAY));
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(1);
    }

    @Test
    void aNodeTooFarBehindGets409AndFetchesTheWholeSnapshotThenFollowsDeltasAgain() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        await("the snapshot saved", () -> savedVersion() == 1, Duration.ofSeconds(5));
        fleet.close();
        controlPlane.publish(2, snapshot(2, domains(), forbid("a"), ""));
        controlPlane.publish(3, snapshot(3, domains(), forbid("b"), ""));
        controlPlane.config.forgetBefore(3);

        fleet = startNode(controlPlane.uri());
        awaitVersion(3, Duration.ofSeconds(10));
        assertThat(controlPlane.config.conflicts.get()).isPositive(); // the closed node's last poll may add one
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(2);

        controlPlane.publish(4, snapshot(4, domains(), forbid("c"), ""));
        awaitVersion(4, Duration.ofSeconds(5));
        assertThat(fromVersionsOfDeltasTo(4)).containsOnly(3L);
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(2);
    }

    @Test
    void aDeltaFromAnotherVersionThanTheOneHeldIsNotAppliedAndTheWholeSnapshotIsFetched() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        controlPlane.config.rewriteNextDelta.set(json -> json.replace("\"fromVersion\":1", "\"fromVersion\":0"));
        controlPlane.publish(2, snapshot(2, domains(pull(PLAY2, PUSH, PLAY2_KEY, true, "")), "", ""));
        awaitVersion(2, Duration.ofSeconds(5));
        assertThat(controlPlane.config.deltasSent.get(0).path("fromVersion").asLong()).isZero();
        assertThat(controlPlane.config.wholeSent.get()).as("version 2 came whole").isEqualTo(2);
        assertThat(LocalNode.get(signedPlayOn(PLAY2, PLAY2_KEY, "/live/none.flv")).statusCode()).isEqualTo(404);
    }

    @Test
    void aMalformedDeltaIsRejectedTheSnapshotInForceStaysAndTheNodeRecovers() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        publish("live", "demo", KEY);
        awaitLive("demo", Duration.ofSeconds(15));
        controlPlane.config.wholeUnavailable = true;
        controlPlane.config.rewriteNextDelta.set(json -> json.replace("\"domains\":[]",
                "\"domains\":[{\"name\":\"evil.example.com\"}]"));
        controlPlane.publish(2, snapshot(2, domains(), forbid("demo"), ""));
        await("the delta sent", () -> !controlPlane.config.deltasSent.isEmpty(), Duration.ofSeconds(5));

        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(fleet.agent().snapshots().get().version()).isEqualTo(1);
            assertThat(stream("demo")).as("the publisher the bad delta would cut").isNotNull();
            Thread.sleep(100);
        }
        assertThat(fleet.agent().snapshots().get().find("evil.example.com")).isEmpty();
        assertThat(savedVersion()).isEqualTo(1);
        assertThat(metrics()).contains("liveplane_fleet_config_version 1.0");

        controlPlane.config.wholeUnavailable = false;
        awaitVersion(2, Duration.ofSeconds(5));
        await("the forbidden publisher to be cut", () -> stream("demo") == null, Duration.ofSeconds(3));
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(2);
    }

    @Test
    void aControlPlaneWithoutTheChangesRouteIsFollowedByWholeSnapshotsUntilItHasIt() throws Exception {
        controlPlane.config.changesRoute = false;
        controlPlane.config.gzip = false;
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        assertThat(controlPlane.config.wholeGzipped).as("an uncompressed answer is read too").containsExactly(false);
        await("the full long poll", () -> controlPlane.config.wholeLongPolls.get() > 0, Duration.ofSeconds(5));

        // Upgraded meanwhile: the node follows whole snapshots until the next one, then asks for changes again.
        controlPlane.config.changesRoute = true;
        controlPlane.publish(2, snapshot(2, domains(), forbid("x"), ""));
        awaitVersion(2, Duration.ofSeconds(5));
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(2);
        assertThat(controlPlane.config.deltasSent).isEmpty();
        controlPlane.publish(3, snapshot(3, domains(), forbid("y"), ""));
        awaitVersion(3, Duration.ofSeconds(5));
        assertThat(controlPlane.config.deltasSent).hasSize(1);
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(2);
    }

    @Test
    void theSnapshotSavedAfterDeltasIsTheWholeSnapshotOfThatVersionAndARestartFollowsOnFromIt() throws Exception {
        fleet = startNode(controlPlane.uri());
        awaitVersion(1, Duration.ofSeconds(10));
        controlPlane.publish(2, snapshot(2, domains(pull(PLAY2, PUSH, PLAY2_KEY, true, "")), forbid("a"), ""));
        controlPlane.publish(3, withStreamKey(snapshot(3, domains(pull(PLAY2, PUSH, PLAY2_KEY, false, "")),
                forbid("a") + "," + forbid("b"), "\"tenant-9\"")));
        awaitVersion(3, Duration.ofSeconds(5));
        controlPlane.publish(4, snapshot(4, push(PUSH, KEY, true) + "," + pull(PLAY2, PUSH, PLAY2_KEY, true, ""),
                forbid("b"), ""));
        awaitVersion(4, Duration.ofSeconds(5));
        assertThat(controlPlane.config.deltasSent.size()).isGreaterThanOrEqualTo(2);
        await("version 4 saved", () -> savedVersion() == 4, Duration.ofSeconds(5));
        assertThat(comparable(JSON.readTree(dir.resolve("state/snapshot.json").toFile())))
                .isEqualTo(comparable(JSON.readTree(controlPlane.config.snapshot(4))));

        fleet.close();
        fleet = startNode(controlPlane.uri());
        assertThat(fleet.agent().snapshotSource()).isEqualTo("disk");
        assertThat(fleet.agent().snapshots().get().version()).isEqualTo(4);
        controlPlane.publish(5, snapshot(5, push(PUSH, KEY, true), "", ""));
        awaitVersion(5, Duration.ofSeconds(10));
        assertThat(fromVersionsOfDeltasTo(5)).containsOnly(4L);
        assertThat(controlPlane.config.wholeSent.get()).isEqualTo(1);
    }

    private static String withStreamKey(String snapshot) {
        return snapshot.replace("\"suspendedTenants\"", "\"streamKeys\": [{\"id\": \"key-1\", \"domain\": "
                + "\"push.example.com\", \"app\": \"live\", \"stream\": \"cam\", \"secretHash\": \"h1\"}], "
                + "\"suspendedTenants\"");
    }

    /**
     * Where the deltas the fake sent that lead to {@code version} started. (A closed node's last long poll may still
     * be answered, so deltas are told apart by where they lead, not counted.)
     */
    private List<Long> fromVersionsOfDeltasTo(long version) {
        return controlPlane.config.deltasSent.stream().filter(d -> d.path("version").asLong() == version)
                .map(d -> d.path("fromVersion").asLong()).toList();
    }

    private long savedVersion() {
        try {
            return JSON.readTree(dir.resolve("state/snapshot.json").toFile()).path("version").asLong(-1);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private String signedPlayOn(String domain, String key, String path) {
        String url = "http://127.0.0.1:" + fleet.node().httpPort() + path + "?vhost=" + domain;
        return UrlSigner.primary(policy(key)).signUntil(url, Instant.now().plusSeconds(600));
    }

    /**
     * A snapshot as the facts it states: without {@code generatedAt} and null fields, streamKeys absent read as
     * none, and lists in an order of their own keys (a delta appends what it adds; the control plane lists by name).
     */
    private static JsonNode comparable(JsonNode snapshot) {
        ObjectNode copy = snapshot.deepCopy();
        copy.remove("generatedAt");
        if (!copy.has("streamKeys")) {
            copy.putArray("streamKeys");
        }
        withoutNulls(copy);
        sort(copy, "domains", d -> d.path("id").asText());
        sort(copy, "forbiddenStreams", f -> f.path("app").asText() + "/" + f.path("stream").asText());
        sort(copy, "streamKeys", k -> k.path("id").asText());
        sort(copy, "suspendedTenants", JsonNode::asText);
        return copy;
    }

    private static void withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    it.remove();
                } else {
                    withoutNulls(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(ConfigDeltaEndToEndTest::withoutNulls);
        }
    }

    private static void sort(ObjectNode snapshot, String field, Function<JsonNode, String> key) {
        List<JsonNode> items = new ArrayList<>();
        snapshot.path(field).forEach(items::add);
        items.sort(Comparator.comparing(key));
        ArrayNode sorted = snapshot.putArray(field);
        items.forEach(sorted::add);
    }
}
