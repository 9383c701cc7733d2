package dev.liveplane.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.e2e.Ffmpeg;
import dev.liveplane.sdk.generated.model.PublishSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;

/**
 * ffmpeg pushes to the origin node; real players (ffmpeg over RTMP, HTTP-FLV and HLS) play it there, and over
 * HTTP-FLV and HLS on the edge node, which relays it from the origin; each counts the bytes it read. Once the
 * node's meter has flushed and the control plane has counted, rolled up and charged, what it stored per protocol, the
 * tenant's traffic report for the pull domain and its ledger each agree with what the players received within 1 %:
 * relay traffic between the nodes, which the edge's players caused, is counted apart and not billed.
 */
final class MeteredPlayScenario {

    /** How long the players play (wall clock); the longer, the smaller the startup bytes' share. */
    private static final Duration PLAY = Duration.ofSeconds(Long.getLong("liveplane.e2e.play", 20));
    private static final Percentage ONE_PERCENT = Percentage.withPercentage(1);

    private final Platform platform;
    private final MediaNodeProcess origin;
    private final MediaNodeProcess edge;

    MeteredPlayScenario(Platform platform, MediaNodeProcess origin, MediaNodeProcess edge) {
        this.platform = platform;
        this.origin = origin;
        this.edge = edge;
    }

    void run() throws Exception {
        Tenant tenant = platform.signUp("metered");
        // A package far larger than the test's traffic: every byte is taken from it, exactly; nothing suspends.
        Wallet wallet = new Wallet(platform.operator());
        String sku = wallet.createSku("e2e 1 GiB", 1L << 30, 1_000);
        wallet.credit(tenant, 1_000, "e2e: a package for the metered play");
        wallet.buy(tenant, sku).expectOk();

        Ffmpeg.Run encoder = platform.publishOnline(tenant, origin, "live", "metered");
        try (Audience audience = new Audience(tenant, platform.work())) {
            Duration start = Duration.ofSeconds(15);
            List<CountingPlayer> playing = List.of(
                    audience.play(origin, PlayProtocol.RTMP, "live", "metered", start),
                    audience.play(origin, PlayProtocol.HTTP_FLV, "live", "metered", start),
                    audience.play(origin, PlayProtocol.HLS, "live", "metered", start),
                    audience.play(edge, PlayProtocol.HTTP_FLV, "live", "metered", start),
                    audience.play(edge, PlayProtocol.HLS, "live", "metered", start));
            Thread.sleep(PLAY.toMillis());
            Audience.assertPlaying(playing);
            audience.stopAll();
            encoder.kill();
            long received = audience.bytes();
            System.out.printf("e2e metered play: %s%n", audience);
            assertThat(audience.bytes(PlayProtocol.HLS)).as("HLS players received segments").isGreaterThan(100_000);

            assertCounted(tenant, audience);
            Bills bills = new Bills(tenant);
            assertReported(tenant, bills, audience);
            assertHistory(tenant, audience);
            long charged = Bills.settle("the ledger", bills::ledgerTrafficBytes, received, received / 100,
                    Duration.ofSeconds(90), Duration.ofSeconds(3));
            System.out.printf("e2e metered play: received %d, ledger %d bytes%n", received, charged);
            assertThat(charged).as("bytes the ledger took from the package (players received %d bytes; relay "
                    + "traffic between the nodes is not billed)", received).isCloseTo(received, ONE_PERCENT);
            assertThat(bills.account().path("packageBytesRemaining").asLong()).as("the package's bytes left")
                    .isEqualTo((1L << 30) - charged);
            bills.assertBalanceIsTheLedgersSum();
        }
    }

    /**
     * The tenant's reports: the pull domain's traffic within 1 % of what the players received, each protocol's bytes
     * in the stream breakdown within 1 % of its players', and the relay shown apart on the push domain, unbilled.
     */
    private static void assertReported(Tenant tenant, Bills bills, Audience audience) throws Exception {
        long received = audience.bytes();
        long reported = Bills.settle("the pull domain's traffic report", () -> bills.reportedEgress(
                tenant.playDomain()), received, received / 100, Duration.ofSeconds(90), Duration.ofSeconds(3));
        JsonNode stream = bills.stream(tenant.playDomain(), "live", "metered");
        System.out.printf("e2e metered play: received %d, reported %d bytes; stream %s; relayed %d%n", received,
                reported, stream, bills.reportedRelay(tenant.pushDomain()));
        assertThat(reported).as("the pull domain's traffic report (players received %d bytes; relay traffic "
                + "between the nodes is not billed)", received).isCloseTo(received, ONE_PERCENT);
        Map<PlayProtocol, String> fields = Map.of(PlayProtocol.RTMP, "rtmpBytes", PlayProtocol.HTTP_FLV,
                "httpFlvBytes", PlayProtocol.HLS, "hlsBytes");
        fields.forEach((protocol, field) -> assertThat(stream.path(field).asLong()).as("the stream report's %s "
                + "(its players received %d)", field, audience.bytes(protocol))
                .isCloseTo(audience.bytes(protocol), ONE_PERCENT));
        assertThat(bills.reportedRelay(tenant.pushDomain())).as("the relay between the nodes, shown apart")
                .isPositive();
        assertThat(bills.reportedEgress(tenant.pushDomain())).as("nothing billed on the push domain, where the "
                + "relay is metered").isZero();
    }

    /**
     * The publish history, through the SDK: one session with the encoder's codecs, its peak the three connected
     * players on both nodes at once (heartbeats every few seconds over 20 s of play), and its egress the players'
     * bytes within 1 %.
     */
    private void assertHistory(Tenant tenant, Audience audience) {
        List<PublishSession> sessions = tenant.sdk().streams().history(tenant.pushDomain(), "live", "metered", null,
                null).stream().toList();
        System.out.printf("e2e metered play: history %s%n", sessions);
        assertThat(sessions).hasSize(1);
        PublishSession session = sessions.get(0);
        assertThat(session.getNodeId()).isNotBlank();
        assertThat(session.getVideo().getCodec()).isEqualTo("h264");
        assertThat(session.getAudio().getCodec()).isEqualTo("aac");
        // Heartbeats count the players that hold a connection: RTMP and HTTP-FLV on the origin, HTTP-FLV on the edge.
        assertThat(session.getPeakViewers()).as("RTMP and HTTP-FLV viewers at once on the origin and the edge")
                .isEqualTo(3);
        assertThat(session.getIngestBytes()).as("bytes the encoder sent").isPositive();
        assertThat(session.getEgressBytes()).as("bytes sent to the stream's viewers (they received %d)",
                audience.bytes()).isCloseTo(audience.bytes(), ONE_PERCENT);
    }

    /**
     * What ingestion stored: each protocol's bytes on the pull domain within 1 % of what its players received, and
     * the relay (edge pulling from origin) on the push domain, apart from the billed protocols.
     */
    private void assertCounted(Tenant tenant, Audience audience) throws Exception {
        Rollups rollups = platform.rollups();
        if (!rollups.readable()) {
            return;
        }
        long received = audience.bytes();
        Map<String, Long> counted = rollups.settle(tenant.id(), tenant.playDomain(), received, received / 100,
                Duration.ofSeconds(60), Duration.ofSeconds(3));
        Map<String, Long> onPush = rollups.bytesByProtocol(tenant.id(), tenant.pushDomain());
        System.out.printf("e2e metered play: counted on %s %s, on %s %s%n", tenant.playDomain(), counted,
                tenant.pushDomain(), onPush);
        for (PlayProtocol protocol : PlayProtocol.values()) {
            assertThat(counted.getOrDefault(protocol.usageName(), 0L)).as("%s bytes counted for the pull domain "
                    + "(its players received %d)", protocol, audience.bytes(protocol))
                    .isCloseTo(audience.bytes(protocol), ONE_PERCENT);
        }
        assertThat(counted).as("only viewer egress on the pull domain").containsOnlyKeys("rtmp", "http_flv", "hls");
        assertThat(onPush.getOrDefault("relay", 0L)).as("the edge's relay from the origin, counted on the push "
                + "domain (the edge's players received %d bytes)", audience.bytes() - bytesOn(audience, origin))
                .isGreaterThan((audience.bytes() - bytesOn(audience, origin)) / 4);
        assertThat(Rollups.billed(onPush)).as("no viewer egress on the push domain").isZero();
    }

    private static long bytesOn(Audience audience, MediaNodeProcess node) {
        return audience.players().stream().filter(p -> p.node() == node).mapToLong(CountingPlayer::bytes).sum();
    }
}
