package dev.liveplane.media.e2e;

import static dev.liveplane.media.e2e.RelayFleet.PUSH;
import static dev.liveplane.media.e2e.RelayFleet.await;
import static dev.liveplane.media.e2e.RelayFleet.key;
import static dev.liveplane.media.e2e.RelayFleet.signedPlay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.server.stream.LiveStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes under one fake control plane: ffmpeg publishes to the origin, players reach the edge, which relays the
 * stream from the origin over HTTP-FLV with a relay token (one pull however many viewers), ends it with the
 * publisher and stops it after the linger; the origin refuses pulls without a valid token.
 */
class RelayEndToEndTest {

    private static final byte[] FLEET_SECRET = "fleet-hls-session-secret-0123456789".getBytes(StandardCharsets.UTF_8);
    private static final Duration LINGER = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private RelayFleet fleet;
    private FakeControlPlane controlPlane;
    private FleetNode origin;
    private FleetNode edge;

    @BeforeEach
    void start() throws Exception {
        fleet = RelayFleet.start(dir, LocalNode.loopback(), RelaySettings.defaults().withLinger(LINGER));
        controlPlane = fleet.controlPlane;
        origin = fleet.origin;
        edge = fleet.edge;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theRelayIsMeteredAsRelayOnThePushDomainAndTheEdgesPlayerOnItsPullDomainOnly() throws Exception {
        fleet.publishOnOrigin("demo");
        Ffmpeg.Run player = Ffmpeg.record(signedPlay("http://127.0.0.1:" + edge.node().httpPort()
                + "/live/demo.flv"), 4, dir.resolve("edge.flv"), dir);
        assertThat(player.await(Duration.ofSeconds(30))).as(player.stderr()).isZero();

        FakeUsage usage = controlPlane.usage;
        await("relay and player usage", () -> usage.bytes("relay", PUSH) > 100_000
                && usage.bytes("http_flv", RelayFleet.PLAY) > 100_000, Duration.ofSeconds(30));
        // Billed once, where the player is: the origin's relay to the edge is never a viewer's egress.
        assertThat(usage.bytes("http_flv", PUSH) + usage.bytes("rtmp", PUSH)).isZero();
        assertThat(usage.viewerSeconds("relay", PUSH)).isZero();
        assertThat(usage.peakViewers("relay", PUSH)).isZero();
        assertThat(usage.peakViewers("http_flv", RelayFleet.PLAY)).isEqualTo(1);
        // Ingest is the origin's alone (the node that sends the relay); the edge's relayed stream is not ingest.
        java.util.Set<String> originBoot = new java.util.HashSet<>();
        usage.of("relay").forEach(r -> originBoot.add(r.path("id").asText().split("-")[1]));
        assertThat(usage.of("ingest")).isNotEmpty()
                .allSatisfy(r -> assertThat(originBoot).contains(r.path("id").asText().split("-")[1]));
    }

    @Test
    void theEdgePlaysAStreamPublishedOnTheOriginOverHttpFlvAndRtmp() throws Exception {
        fleet.publishOnOrigin("demo");

        JsonNode flv = Ffmpeg.probe(signedPlay("http://127.0.0.1:" + edge.node().httpPort() + "/live/demo.flv"));
        assertVideoAndAudio(flv);
        JsonNode rtmp = Ffmpeg.probe(signedPlay("rtmp://127.0.0.1:" + edge.node().rtmpPort() + "/live/demo"));
        assertVideoAndAudio(rtmp);

        // One pull served both players: the second came within the linger.
        assertThat(edge.node().relayMetrics().starts()).isEqualTo(1.0);
        assertThat(edge.node().relayMetrics().failures()).isZero();
        assertThat(edge.node().metrics().scrape()).contains("liveplane_relay_ingest_bytes_total");
        LiveStream relayed = edge.node().registry().find(key("demo")).orElseThrow();
        assertThat(relayed.relayed()).isTrue();
        // The relay is no viewer on the origin, and the edge never reports the stream as published there.
        assertThat(origin.node().registry().find(key("demo")).orElseThrow().viewerCount()).isZero();
        assertThat(controlPlane.events("publish")).hasSize(1);
        await("an edge heartbeat with the relayed stream as not publishing", () -> controlPlane.heartbeats.stream()
                .flatMap(h -> {
                    List<JsonNode> streams = new ArrayList<>();
                    h.path("streams").forEach(streams::add);
                    return streams.stream();
                })
                .anyMatch(s -> s.path("stream").asText().equals("demo") && !s.path("publishing").asBoolean()),
                Duration.ofSeconds(5));
    }

    @Test
    void twoViewersOnTheEdgeShareOnePullThatStopsAfterTheLingerWhenTheyLeave() throws Exception {
        fleet.publishOnOrigin("shared");
        String path = signedPath(edge.node().httpPort(), "/live/shared.flv");
        try (HttpFlvPlayer first = HttpFlvPlayer.open(edge.node().httpPort(), path);
                HttpFlvPlayer second = HttpFlvPlayer.open(edge.node().httpPort(), path)) {
            assertThat(first.next()).isNotNull();
            assertThat(second.next()).isNotNull();
            LiveStream relayed = edge.node().registry().find(key("shared")).orElseThrow();
            await("both viewers counted on the edge", () -> relayed.viewerCount() == 2, Duration.ofSeconds(5));
            assertThat(edge.node().relayMetrics().starts()).isEqualTo(1.0);
            assertThat(edge.node().relayMetrics().active()).isEqualTo(1);
            assertThat(origin.node().registry().find(key("shared")).orElseThrow().viewerCount()).isZero();
            assertThat(origin.node().metrics().viewers().get()).isZero();
        }
        await("the relay to stop after the linger", () -> edge.node().registry().find(key("shared")).isEmpty()
                && edge.node().relayMetrics().active() == 0, LINGER.plus(Duration.ofSeconds(5)));
        assertThat(controlPlane.events("unpublish")).isEmpty();
        assertThat(origin.node().registry().find(key("shared"))).isPresent();
    }

    @Test
    void aViewerOnTheEdgeSeesTheEndWhenThePublisherOnTheOriginStops() throws Exception {
        Ffmpeg.Run encoder = fleet.publishOnOrigin("ending");
        try (HttpFlvPlayer viewer = HttpFlvPlayer.open(edge.node().httpPort(),
                signedPath(edge.node().httpPort(), "/live/ending.flv"))) {
            assertThat(viewer.next()).isNotNull();
            encoder.kill();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean ended = false;
            while (!ended && System.nanoTime() < deadline) {
                ended = viewer.next() == null;
            }
            assertThat(ended).as("the edge's response ended with the last chunk").isTrue();
        }
        await("the relay gone", () -> edge.node().registry().find(key("ending")).isEmpty()
                && edge.node().relayMetrics().active() == 0, Duration.ofSeconds(5));
    }

    @Test
    void theOriginRefusesPullsWithoutAValidRelayToken() throws Exception {
        fleet.publishOnOrigin("guarded");
        int port = origin.node().httpPort();
        String base = "http://127.0.0.1:" + port + "/live/guarded.flv?vhost=" + PUSH;
        StreamKey stream = key("guarded");
        StreamTokens tokens = new StreamTokens(FLEET_SECRET, Clock.systemUTC());
        StreamTokens past = new StreamTokens(FLEET_SECRET,
                Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC));
        StreamTokens otherFleet = new StreamTokens("another-fleet-secret-0123456789".getBytes(StandardCharsets.UTF_8),
                Clock.systemUTC());

        assertThat(LocalNode.get(base).statusCode()).isEqualTo(403);
        assertThat(LocalNode.get(base + "&lp_relay=" + otherFleet.issueRelay(stream)).statusCode()).isEqualTo(403);
        assertThat(LocalNode.get(base + "&lp_relay=" + past.issueRelay(stream)).statusCode()).isEqualTo(403);
        assertThat(LocalNode.get(base + "&lp_relay=" + tokens.issueRelay(key("other"))).statusCode()).isEqualTo(403);
        try (HttpFlvPlayer pull = HttpFlvPlayer.open(port, "/live/guarded.flv?vhost=" + PUSH + "&lp_relay="
                + tokens.issueRelay(stream))) {
            assertThat(pull.next()).isNotNull();
            assertThat(origin.node().registry().find(stream).orElseThrow().viewerCount()).isZero();
        }
    }

    @Test
    void aStreamLiveNowhereIsStillNotFound() throws Exception {
        String url = signedPlay("http://127.0.0.1:" + edge.node().httpPort() + "/live/nowhere.flv");
        assertThat(LocalNode.get(url).statusCode()).isEqualTo(404);
        assertThat(controlPlane.originLookups.get(PUSH + "/live/nowhere")).isNotNull();
        assertThat(edge.node().relayMetrics().active()).isZero();
        assertThat(edge.node().registry().find(key("nowhere"))).isEmpty();
    }

    // ---- helpers ----

    private static void assertVideoAndAudio(JsonNode probe) {
        JsonNode video = Ffmpeg.stream(probe, "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("width").asInt()).isEqualTo(320);
        assertThat(video.path("height").asInt()).isEqualTo(240);
        assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
    }

    private static String signedPath(int port, String path) {
        String prefix = "http://127.0.0.1:" + port;
        return signedPlay(prefix + path).substring(prefix.length());
    }

}
