package dev.liveplane.media.e2e;

import static dev.liveplane.media.e2e.RelayFleet.PLAY;
import static dev.liveplane.media.e2e.RelayFleet.PUSH;
import static dev.liveplane.media.e2e.RelayFleet.await;
import static dev.liveplane.media.e2e.RelayFleet.key;
import static dev.liveplane.media.e2e.RelayFleet.signedPlay;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.NodeSettings;
import dev.liveplane.media.auth.StreamTokens;
import dev.liveplane.media.fleet.FleetNode;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.relay.RelaySettings;
import dev.liveplane.media.server.stream.DomainOwner;
import dev.liveplane.media.server.stream.LiveStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes under one fake control plane, as in {@link RelayEndToEndTest}, played over HLS: a signed playlist
 * request on the edge starts the relay itself and is answered once the edge has cut a segment; HLS requests keep
 * the relay alive past the linger, and it stops once they stop (after the HLS presence, then the linger).
 */
class RelayHlsEndToEndTest {

    private static final Duration LINGER = Duration.ofSeconds(2);
    /** One-second segments (the publisher's GOP), so players refresh every second. */
    private static final HlsSettings HLS = new HlsSettings(1_000, 6, 2, 16 * 1024 * 1024);
    /** How long after its last request an HLS player still counts as watching: three target durations. */
    private static final Duration HLS_PRESENCE = Duration.ofSeconds(3);
    private static final Pattern URI_LINE = Pattern.compile("(?m)^([^#\\s].*)$");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RelayFleet fleet;
    private FakeControlPlane controlPlane;
    private FleetNode origin;
    private FleetNode edge;

    @BeforeEach
    void start() throws Exception {
        fleet = RelayFleet.start(dir, hlsNode(), RelaySettings.defaults().withLinger(LINGER));
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
    void theSignedMasterPlaylistOnTheEdgeStartsTheRelayAndPlays() throws Exception {
        fleet.publishOnOrigin("demo");
        String master = signedPlay(edgeUrl("/live/demo.m3u8"));

        // The very first request is answered with the playlist: it waited for the relay and its first segment.
        HttpResponse<String> first = get(master);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).contains("#EXT-X-STREAM-INF");
        // The edge names itself in the viewer's URIs, so a CDN in front of both nodes sends the rest back to it.
        String child = firstUri(first.body());
        String edgePath = "/_n/" + nodeKey(edge) + "/live/";
        assertThat(child).startsWith(edgePath + "demo.m3u8?vhost=" + PLAY + "&" + StreamTokens.SESSION_PARAMETER + "=");
        URI childUri = URI.create(master).resolve(child);
        HttpResponse<String> media = get(childUri.toString());
        assertThat(media.statusCode()).isEqualTo(200);
        assertThat(media.body()).contains("#EXTINF");
        URI segment = childUri.resolve(firstUri(media.body()));
        assertThat(segment.getRawPath()).startsWith(edgePath + "demo/seg-");
        HttpResponse<byte[]> ts = http.send(HttpRequest.newBuilder(segment).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ts.statusCode()).isEqualTo(200);
        assertThat(ts.body()[0]).isEqualTo((byte) 0x47); // MPEG-TS sync byte
        // The same URIs without the prefix still play on the edge (old links, players that strip it)...
        assertThat(get(edgeUrl(childUri.getRawPath().substring(edgePath.length() - "/live/".length()) + "?"
                + childUri.getRawQuery())).statusCode()).isEqualTo(200);
        // ...and the origin never answers for the edge's: its segments are its own, cut under another publish id.
        for (URI edgeOnly : List.of(childUri, segment)) {
            HttpResponse<String> elsewhere = get(originUrl(edgeOnly.getRawPath() + "?" + edgeOnly.getRawQuery()));
            assertThat(elsewhere.statusCode()).as(edgeOnly.toString()).isEqualTo(404);
            assertThat(elsewhere.headers().firstValue("cache-control")).contains("no-store");
        }

        // A real player: master, child, segments, six seconds of it.
        Path recording = dir.resolve("hls.flv");
        Ffmpeg.Run player = Ffmpeg.record(master, 6, recording, dir);
        assertThat(player.await(Duration.ofSeconds(40))).as(player.stderr()).isZero();
        JsonNode probe = Ffmpeg.probe(recording.toString());
        JsonNode video = Ffmpeg.stream(probe, "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("width").asInt()).isEqualTo(320);
        assertThat(video.path("height").asInt()).isEqualTo(240);
        assertThat(Ffmpeg.stream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(Ffmpeg.duration(probe)).as(player.stderr()).isBetween(5.0, 7.0);

        // One pull served every request, and the edge's stream is the relay's.
        assertThat(edge.node().relayMetrics().starts()).isEqualTo(1.0);
        assertThat(edge.node().relayMetrics().failures()).isZero();
        assertThat(edge.node().registry().find(key("demo")).orElseThrow().relayed()).isTrue();
        assertThat(origin.node().registry().find(key("demo")).orElseThrow().viewerCount()).isZero();
    }

    @Test
    void hlsRequestsKeepTheRelayAlivePastTheLingerAndItStopsAfterTheLingerOnceTheyStop() throws Exception {
        fleet.publishOnOrigin("kept");
        HttpResponse<String> master = get(signedPlay(edgeUrl("/live/kept.m3u8")));
        assertThat(master.statusCode()).as(master.body()).isEqualTo(200);
        String child = URI.create(edgeUrl("/live/kept.m3u8")).resolve(firstUri(master.body())).toString();
        LiveStream relayed = edge.node().registry().find(key("kept")).orElseThrow();
        assertThat(relayed.viewerCount()).isZero(); // nothing but HLS plays it

        // Refresh as a player does (every half target duration) for well over the HLS presence and the linger.
        long until = System.nanoTime() + HLS_PRESENCE.plus(LINGER).plusSeconds(2).toNanos();
        long lastRequest = 0;
        while (System.nanoTime() < until) {
            HttpResponse<String> playlist = get(child);
            assertThat(playlist.statusCode()).isEqualTo(200);
            String segment = URI.create(child).resolve(firstUri(playlist.body())).toString();
            lastRequest = System.nanoTime(); // the edge notes the request after this
            assertThat(get(segment).statusCode()).isEqualTo(200);
            assertThat(edge.node().registry().find(key("kept"))).containsSame(relayed);
            Thread.sleep(500); // a player's refresh interval, not a wait for a condition
        }
        assertThat(edge.node().relayMetrics().starts()).isEqualTo(1.0);
        assertThat(edge.node().relayMetrics().active()).isEqualTo(1);

        await("the relay to stop after the linger", () -> edge.node().registry().find(key("kept")).isEmpty()
                && edge.node().relayMetrics().active() == 0, HLS_PRESENCE.plus(LINGER).plusSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - lastRequest))
                .isGreaterThanOrEqualTo(HLS_PRESENCE.plus(LINGER));
        assertThat(origin.node().registry().find(key("kept"))).isPresent();
        assertThat(controlPlane.events("unpublish")).isEmpty();
    }

    @Test
    void aStreamLiveNowhereIsStillNotFoundOverHls() throws Exception {
        HttpResponse<String> playlist = get(signedPlay(edgeUrl("/live/nowhere.m3u8")));
        assertThat(playlist.statusCode()).isEqualTo(404);
        assertThat(controlPlane.originLookups.get(PUSH + "/live/nowhere")).isNotNull();
        assertThat(edge.node().relayMetrics().active()).isZero();
        assertThat(edge.node().registry().find(key("nowhere"))).isEmpty();
        assertThat(edge.node().hls().find(key("nowhere"), DomainOwner.NONE)).isEmpty();
    }

    // ---- helpers ----

    private String edgeUrl(String path) {
        return "http://127.0.0.1:" + edge.node().httpPort() + path;
    }

    private String originUrl(String path) {
        return "http://127.0.0.1:" + origin.node().httpPort() + path;
    }

    /** The name a fleet node gives itself in HLS URIs: its id, lower case (a DNS label for {id}.{suffix}). */
    private static String nodeKey(FleetNode node) {
        return node.agent().identity().orElseThrow().nodeId().toLowerCase(Locale.ROOT);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String firstUri(String playlist) {
        Matcher m = URI_LINE.matcher(playlist);
        assertThat(m.find()).as(playlist).isTrue();
        return m.group(1);
    }

    /** One-second segments, so that players refresh every second. */
    private static NodeSettings hlsNode() {
        NodeSettings base = LocalNode.loopback();
        return new NodeSettings(base.bindAddress(), base.rtmpPort(), base.httpPort(), base.adminPort(),
                base.workerThreads(), base.idleTimeout(), base.rtmpMessages(), base.streams(), HLS,
                base.sockets());
    }
}
