package dev.liveplane.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.e2e.Ffmpeg;
import java.time.Duration;
import java.util.List;

/**
 * Usage survives what production throws at it: a node that reports through a proxy sending every usage batch twice
 * is killed with {@code kill -9} mid-stream and started again, then the control plane is stopped for a minute
 * ({@code -Dliveplane.e2e.outage=SECONDS} shortens it for local runs) while the viewers play on. In the end the
 * tenant's traffic report and ledger show what the players received: none of it twice (every replay counted
 * nothing), none of it lost but what the node had metered since its last flush when it was killed.
 */
final class CrashReplayScenario {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("liveplane.e2e.outage", 60));
    /** The node's {@code --usage-flush-seconds}: what kill -9 may cost, at most. */
    static final Duration FLUSH = Duration.ofSeconds(1);
    /** Scheduling slack on top of the flush interval (the flush's own fsync, a busy machine). */
    private static final Duration FLUSH_SLACK = Duration.ofMillis(500);
    private static final Duration PLAY = Duration.ofSeconds(8);

    private final Platform platform;
    private final List<String> nodeArguments;
    private final String address;

    CrashReplayScenario(Platform platform, String address, List<String> nodeArguments) {
        this.platform = platform;
        this.address = address;
        this.nodeArguments = nodeArguments;
    }

    void run() throws Exception {
        Tenant tenant = platform.signUp("crash");
        Wallet wallet = new Wallet(platform.operator());
        String sku = wallet.createSku("e2e 1 GiB", 1L << 30, 1_000);
        wallet.credit(tenant, 1_000, "e2e: a package for the crash");
        wallet.buy(tenant, sku).expectOk();
        ReplayingProxy replaying = platform.closeLater(new ReplayingProxy(platform.api()));
        MediaNodeProcess node = platform.startNode("crash", address, replaying.url(), nodeArguments);

        try (Audience audience = new Audience(tenant, platform.work())) {
            Ffmpeg.Run first = platform.publishOnline(tenant, node, "live", "crash");
            List<CountingPlayer> beforeKill = startPlayers(audience, node);
            Thread.sleep(PLAY.toMillis());
            Audience.assertPlaying(beforeKill);
            long killed = System.nanoTime();
            node.kill();
            first.kill();
            long atRisk = audience.bytesBetween(killed - FLUSH.plus(FLUSH_SLACK).toNanos(), killed);
            audience.stopAll();
            System.out.printf("e2e crash: node killed with %d bytes received in the %d ms before%n", atRisk,
                    FLUSH.plus(FLUSH_SLACK).toMillis());

            node.start();
            Ffmpeg.Run second = platform.publishOnline(tenant, node, "live", "crash");
            List<CountingPlayer> afterRestart = startPlayers(audience, node);
            Thread.sleep(PLAY.toMillis() / 2);
            platform.stopControlPlane();
            long down = System.nanoTime();
            Thread.sleep(OUTAGE.toMillis());
            Audience.assertPlaying(afterRestart);
            platform.startControlPlane();
            System.out.printf("e2e crash: control plane down for %d ms while the viewers played%n",
                    (System.nanoTime() - down) / 1_000_000);
            Thread.sleep(PLAY.toMillis() / 2);
            Audience.assertPlaying(afterRestart);
            audience.stopAll();
            second.kill();

            long received = audience.bytes();
            System.out.printf("e2e crash: %s%n", audience);
            String bound = "kill -9 loses at most what the node metered since its last flush (--usage-flush-seconds "
                    + FLUSH.toSeconds() + "): the players received " + atRisk + " bytes in the last "
                    + FLUSH.plus(FLUSH_SLACK).toMillis() + " ms before the kill, of " + received;
            assertReplaysCountedNothing(replaying);
            long tolerance = received / 100;
            Rollups rollups = platform.rollups();
            if (rollups.readable()) {
                long counted = Rollups.billed(rollups.settle(tenant.id(), tenant.playDomain(), received - atRisk,
                        tolerance, Duration.ofSeconds(120), Duration.ofSeconds(3)));
                System.out.printf("e2e crash: received %d, counted %d bytes; %d usage batches replayed%n", received,
                        counted, replaying.replays().size());
                assertWithinBound("counted by ingestion", counted, received, atRisk, bound);
            }
            Bills bills = new Bills(tenant);
            long reported = Bills.settle("the traffic report", () -> bills.reportedEgress(tenant.playDomain()),
                    received - atRisk, tolerance, Duration.ofSeconds(120), Duration.ofSeconds(3));
            assertWithinBound("the traffic report", reported, received, atRisk, bound);
            long charged = Bills.settle("the ledger", bills::ledgerTrafficBytes, received - atRisk, tolerance,
                    Duration.ofSeconds(120), Duration.ofSeconds(3));
            assertWithinBound("the ledger", charged, received, atRisk, bound);
            bills.assertBalanceIsTheLedgersSum();
        }
    }

    /** None counted twice (within 1 %), none lost but what kill -9 may lose (and 1 %). */
    private static void assertWithinBound(String what, long shown, long received, long atRisk, String bound) {
        assertThat(shown).as("nothing counted twice: %s shows %d bytes, the players received %d", what, shown,
                received).isLessThanOrEqualTo(received + received / 100);
        assertThat(shown).as("nothing lost: %s shows %d bytes; %s", what, shown, bound)
                .isGreaterThanOrEqualTo(received - atRisk - received / 100);
    }

    private static List<CountingPlayer> startPlayers(Audience audience, MediaNodeProcess node) throws Exception {
        Duration start = Duration.ofSeconds(15);
        return List.of(audience.play(node, PlayProtocol.RTMP, "live", "crash", start),
                audience.play(node, PlayProtocol.HTTP_FLV, "live", "crash", start),
                audience.play(node, PlayProtocol.HLS, "live", "crash", start));
    }

    private static void assertReplaysCountedNothing(ReplayingProxy replaying) {
        List<ReplayingProxy.Replay> replays = replaying.replays();
        assertThat(replays).as("usage batches the proxy sent twice")
                .anyMatch(replay -> replay.firstStatus() == 202 && replay.firstAccepted() > 0);
        assertThat(replays).as("a replayed batch counts nothing")
                .filteredOn(replay -> replay.replayStatus() == 202).allMatch(replay -> replay.replayAccepted() == 0);
    }
}
