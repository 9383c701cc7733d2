package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.api.signing.UrlSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage metering on a node process under the fake control plane, with ffmpeg as publisher and as RTMP, HTTP-FLV and
 * HLS players behind a proxy that counts what crossed the wire to them: the bytes billed agree with the bytes the
 * players received, HLS viewers are told apart by session, and records spooled before a kill -9 go out after the
 * restart with the same ids.
 */
class UsageMeteringEndToEndTest {

    private static final String PUSH = FleetTestBase.PUSH;
    private static final String PLAY = FleetTestBase.PLAY;
    private static final String PUSH_ID = "01JEB2D0M4N6P8R0T2V4X6Z8B0";
    private static final String PLAY_ID = "01JEB2D0M4N6P8R0T2V4X6Z8B1";
    private static final String TENANT = "tenant-1";
    private static final Pattern SPOOLED = Pattern.compile(
            "liveplane_fleet_spool_records\\{spool=\"usage\",?} ([0-9.]+)");

    @TempDir
    Path dir;

    private FakeControlPlane controlPlane;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Ffmpeg.Run> runs = new ArrayList<>();
    private final List<AutoCloseable> proxies = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        controlPlane = new FakeControlPlane();
        controlPlane.publish(1, FleetTestBase.snapshot(1, """
                {"id": "%s", "name": "%s", "tenantId": "%s", "type": "push", "enabled": true, "scheme": "A",
                 "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []},
                {"id": "%s", "name": "%s", "tenantId": "%s", "type": "pull", "pushDomain": "%s", "enabled": true,
                 "scheme": "A", "validitySeconds": 1800, "primaryKey": "%s", "jwtKeys": [],
                 "refererAllow": [], "refererDeny": [], "ipAllow": [], "ipDeny": []}
                """.formatted(PUSH_ID, PUSH, TENANT, FleetTestBase.KEY, PLAY_ID, PLAY, TENANT, PUSH,
                FleetTestBase.PLAY_KEY), "", ""));
    }

    @AfterEach
    void stop() throws Exception {
        for (Ffmpeg.Run run : runs) {
            run.kill();
        }
        for (AutoCloseable proxy : proxies) {
            proxy.close();
        }
        for (NodeProcess node : nodes) {
            node.close();
        }
        controlPlane.close();
    }

    @Test
    void theBytesBilledAreTheBytesThePlayersReceivedAndHlsViewersAreToldApartBySession() throws Exception {
        NodeProcess node = node();
        CountingProxy rtmp = proxy(node.rtmpPort);
        CountingProxy flv = proxy(node.httpPort);
        CountingProxy hls = proxy(node.httpPort);
        Ffmpeg.Run publisher = run(Ffmpeg.publish(signedPush(node, "cam"), 16, "320x240", dir, "aac"));
        awaitHeartbeatWithStream();
        long playStart = System.nanoTime();
        List<Ffmpeg.Run> players = List.of(
                play(signed("rtmp://127.0.0.1:" + rtmp.port() + "/live/cam?vhost=" + PLAY), "rtmp"),
                play(signed("http://127.0.0.1:" + flv.port() + "/live/cam.flv?vhost=" + PLAY), "flv"),
                play(signed("http://127.0.0.1:" + hls.port() + "/live/cam.m3u8?vhost=" + PLAY), "hls-1"),
                play(signed("http://127.0.0.1:" + hls.port() + "/live/cam.m3u8?vhost=" + PLAY), "hls-2"));
        assertThat(publisher.await(Duration.ofSeconds(60))).as(publisher.stderr()).isZero();
        List<CompletableFuture<Double>> exits = players.stream().map(p -> p.process().onExit()
                .thenApply(x -> (System.nanoTime() - playStart) / 1e9)).toList();
        double[] played = new double[players.size()];
        for (int i = 0; i < players.size(); i++) {
            players.get(i).await(Duration.ofSeconds(60)); // each plays to the stream's end
            assertThat(players.get(i).process().isAlive()).as("player %d still playing a minute on", i).isFalse();
            played[i] = exits.get(i).join();
        }
        Thread.sleep(300); // the proxies pass on the last bytes

        FakeUsage usage = controlPlane.usage;
        // Everything the players received is billed by the flushes after their close (1 s apart); a loaded machine
        // gets 30 s, and a failure says how far each protocol got and what the node logged about its reports.
        try {
            await("the RTMP, HTTP-FLV and HLS bytes billed", () -> usage.bytes("rtmp", PLAY)
                    >= rtmp.bytesToPlayers() * 0.99
                    && usage.bytes("http_flv", PLAY) >= flv.bytesToPlayers() * 0.99
                    && usage.bytes("hls", PLAY) >= hls.bytesToPlayers() * 0.99, Duration.ofSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + String.format(": billed/received rtmp %d/%d http_flv %d/%d "
                    + "hls %d/%d, %d records posted; players: %s; node log:%n%s", usage.bytes("rtmp", PLAY),
                    rtmp.bytesToPlayers(), usage.bytes("http_flv", PLAY), flv.bytesToPlayers(),
                    usage.bytes("hls", PLAY), hls.bytesToPlayers(), usage.received.get(),
                    players.stream().map(Ffmpeg.Run::stderr).toList(), node.log()), e);
        }
        Thread.sleep(2_500); // anything still to come comes with the next flush
        System.out.printf("usage billed/received: rtmp %d/%d http_flv %d/%d hls %d/%d; hls peak %d%n",
                usage.bytes("rtmp", PLAY), rtmp.bytesToPlayers(), usage.bytes("http_flv", PLAY), flv.bytesToPlayers(),
                usage.bytes("hls", PLAY), hls.bytesToPlayers(), usage.peakViewers("hls", PLAY));
        assertThat(rtmp.bytesToPlayers()).isGreaterThan(300_000);
        assertThat(flv.bytesToPlayers()).isGreaterThan(300_000);
        assertThat(hls.bytesToPlayers()).isGreaterThan(100_000);
        for (String protocol : List.of("rtmp", "http_flv", "hls")) {
            long received = switch (protocol) {
                case "rtmp" -> rtmp.bytesToPlayers();
                case "http_flv" -> flv.bytesToPlayers();
                default -> hls.bytesToPlayers();
            };
            assertThat((double) usage.bytes(protocol, PLAY)).as(protocol)
                    .isCloseTo(received, within(received * 0.01));
        }
        for (JsonNode record : usage.records) {
            assertThat(record.path("id").asText()).matches("u-[0-9a-f]{16}-[0-9]+");
            assertThat(record.path("tenantId").asText()).isEqualTo(TENANT);
            assertThat(Instant.parse(record.path("bucketStart").asText()).getEpochSecond() % 300).isZero();
            String domainId = PLAY.equals(record.path("domain").asText()) ? PLAY_ID : PUSH_ID;
            assertThat(record.path("domainId").asText()).isEqualTo(domainId);
        }
        // Published media, on the push domain, never billed as a viewer's: ~464 kbit/s for 16 s.
        assertThat(usage.bytes("ingest", PUSH)).isBetween(400_000L, 2_000_000L);
        assertThat(usage.bytes("rtmp", PUSH) + usage.bytes("http_flv", PUSH) + usage.bytes("relay", PUSH)).isZero();
        assertThat(usage.peakViewers("rtmp", PLAY)).isEqualTo(1);
        assertThat(usage.peakViewers("http_flv", PLAY)).isEqualTo(1);
        // Two HLS players signed in the same second share one session token: each signed playlist request is a viewer.
        assertThat(usage.peakViewers("hls", PLAY)).as("HLS players, however many requests").isEqualTo(2);
        // A player watches from its play to its close, within the life of its process (ffmpeg's start and connect,
        // its exit, the seconds still open in the bucket are the slack).
        assertThat((double) usage.viewerSeconds("rtmp", PLAY)).isBetween(played[0] - 3.5, played[0] + 1);
        assertThat((double) usage.viewerSeconds("http_flv", PLAY)).isBetween(played[1] - 3.5, played[1] + 1);
        // An HLS session watches from its first request to a target duration (2 s) after its last.
        assertThat((double) usage.viewerSeconds("hls", PLAY)).isBetween(played[2] + played[3] - 7,
                played[2] + played[3] + 5);
        assertThat(controlPlane.contractViolations).isEmpty();
    }

    @Test
    void recordsSpooledBeforeAKillNineGoOutAfterTheRestartWithTheSameIds() throws Exception {
        controlPlane.usage.failWith = 503; // the control plane cannot store usage: records stay in the spool
        NodeProcess node = node();
        CountingProxy flv = proxy(node.httpPort);
        run(Ffmpeg.publish(signedPush(node, "cam"), 60, "320x240", dir, "aac"));
        awaitHeartbeatWithStream();
        run(Ffmpeg.record(signed("http://127.0.0.1:" + flv.port() + "/live/cam.flv?vhost=" + PLAY), 0,
                dir.resolve("flv.flv"), dir));
        // The reporter sends its first batch again and again (503), while every later record waits on disk.
        await("records refused and more in the spool", () -> !controlPlane.usage.idsRefused.isEmpty()
                && spooled(node) >= 8, Duration.ofSeconds(30));
        double spooledAtKill = spooled(node);
        node.kill(); // SIGKILL: no shutdown hook, no last flush
        nodes.remove(node);
        Set<String> refused = new HashSet<>(controlPlane.usage.idsRefused);
        long billedBefore = flv.bytesToPlayers();

        controlPlane.usage.failWith = 0;
        NodeProcess restarted = node();
        await("every refused record counted", () -> accepted().containsAll(refused), Duration.ofSeconds(30));
        String oldBoot = refused.iterator().next().split("-")[1];
        List<JsonNode> replayed = controlPlane.usage.records.stream()
                .filter(r -> r.path("id").asText().split("-")[1].equals(oldBoot)).toList();
        assertThat(replayed.stream().map(r -> r.path("id").asText()).distinct().count())
                .as("each id once").isEqualTo(replayed.size());
        assertThat((double) replayed.size()).as("every spooled record").isGreaterThanOrEqualTo(spooledAtKill);
        long flvReplayed = replayed.stream().filter(r -> "http_flv".equals(r.path("protocol").asText()))
                .mapToLong(r -> r.path("bytes").asLong()).sum();
        // What the dead node had flushed: all the player received but its last flush interval (1 s, ~60 KB).
        assertThat(flvReplayed).isPositive().isLessThanOrEqualTo(billedBefore)
                .isGreaterThan(billedBefore - 200_000);
        await("the spool emptied", () -> spooled(restarted) == 0, Duration.ofSeconds(10));
    }

    /** A node process that flushes usage every second, once it runs on the snapshot. */
    private NodeProcess node() throws IOException, InterruptedException {
        NodeProcess node = NodeProcess.onSnapshot(dir, controlPlane, 1, List.of("--usage-flush-seconds", "1"));
        nodes.add(node);
        return node;
    }

    private CountingProxy proxy(int port) throws IOException {
        CountingProxy proxy = new CountingProxy(port);
        proxies.add(proxy);
        return proxy;
    }

    private Ffmpeg.Run run(Ffmpeg.Run run) {
        runs.add(run);
        return run;
    }

    private Ffmpeg.Run play(String url, String name) throws IOException {
        return run(Ffmpeg.start(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-rw_timeout",
                "10000000", "-i", url, "-c", "copy", "-f", "null", "-"), dir, "play-" + name));
    }

    private String signedPush(NodeProcess node, String stream) {
        String url = node.rtmp("live", stream) + "?vhost=" + PUSH;
        return UrlSigner.primary(FleetTestBase.policy(FleetTestBase.KEY)).signUntil(url,
                Instant.now().plusSeconds(600));
    }

    private static String signed(String url) {
        return UrlSigner.primary(FleetTestBase.policy(FleetTestBase.PLAY_KEY)).signUntil(url,
                Instant.now().plusSeconds(600));
    }

    /** Waits until the node's heartbeat lists the stream: registered, on the snapshot, publishing. */
    private void awaitHeartbeatWithStream() throws InterruptedException {
        await("a heartbeat with the stream", () -> controlPlane.heartbeats.stream()
                .anyMatch(h -> h.path("streams").size() > 0), Duration.ofSeconds(30));
        Thread.sleep(1_000); // a GOP cached, so players start at once
    }

    private Set<String> accepted() {
        Set<String> ids = new HashSet<>();
        controlPlane.usage.records.forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private double spooled(NodeProcess node) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(node.admin("/metrics"))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher matcher = SPOOLED.matcher(body);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition, Duration timeout) throws InterruptedException {
        FleetTestBase.await(what, condition, timeout);
    }
}
