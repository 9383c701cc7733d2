package dev.liveplane.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.media.e2e.Ffmpeg;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant whose only money is one small package runs out while its viewers play (RTMP, HTTP-FLV and HLS on the
 * origin, HTTP-FLV relayed on the edge): within 60 s of the players having received the package's bytes every viewer
 * is cut and new plays are refused on every protocol; once the tenant buys a package play is restored within 2 s of
 * the purchase's answer.
 */
final class RunOutScenario {

    /** Small, so the four players use it up in seconds (about 60 kB/s each). */
    private static final long PACKAGE_BYTES = 3_000_000;
    private static final long PRICE = 100;
    private static final Duration CUT_WITHIN = Duration.ofSeconds(60);
    private static final Duration RESTORED_WITHIN = Duration.ofSeconds(2);
    /** An HLS player holds no connection: it is cut when its playlist and segments stop coming. */
    private static final Duration HLS_SILENCE = Duration.ofSeconds(6);
    private static final long HLS_SILENCE_BYTES = 20_000;

    private final Platform platform;
    private final MediaNodeProcess origin;
    private final MediaNodeProcess edge;

    RunOutScenario(Platform platform, MediaNodeProcess origin, MediaNodeProcess edge) {
        this.platform = platform;
        this.origin = origin;
        this.edge = edge;
    }

    void run() throws Exception {
        Tenant tenant = platform.signUp("runout");
        Wallet wallet = new Wallet(platform.operator());
        String sku = wallet.createSku("e2e 3 MB", PACKAGE_BYTES, PRICE);
        wallet.credit(tenant, PRICE, "e2e: exactly one small package");
        wallet.buy(tenant, sku).expectOk();
        assertThat(new Bills(tenant).account().path("balanceMinor").asLong())
                .as("the balance once the package is bought").isZero();

        Ffmpeg.Run encoder = platform.publishOnline(tenant, origin, "live", "runout");
        try (Audience audience = new Audience(tenant, platform.work())) {
            Duration start = Duration.ofSeconds(15);
            List<CountingPlayer> playing = List.of(
                    audience.play(origin, PlayProtocol.RTMP, "live", "runout", start),
                    audience.play(origin, PlayProtocol.HTTP_FLV, "live", "runout", start),
                    audience.play(origin, PlayProtocol.HLS, "live", "runout", start),
                    audience.play(edge, PlayProtocol.HTTP_FLV, "live", "runout", start));
            long ranOut = awaitRunningOut(audience, playing);
            long cut = awaitCut(playing, ranOut);
            System.out.printf("e2e run out: the players had the package's %d bytes; every viewer was cut %d ms "
                    + "later (%s)%n", PACKAGE_BYTES, (cut - ranOut) / 1_000_000, audience);

            for (PlayProtocol protocol : PlayProtocol.values()) {
                assertThat(CountingPlayer.plays(protocol, tenant.playUrl(protocol, hostPort(origin, protocol), "live",
                        "runout"), Duration.ofSeconds(10), platform.work()))
                        .as("a new %s play of the suspended tenant is refused", protocol).isFalse();
            }
            assertThat(CountingPlayer.httpPlayStatus(tenant.playUrl(PlayProtocol.HTTP_FLV,
                    hostPort(edge, PlayProtocol.HTTP_FLV), "live", "runout"), Duration.ofSeconds(10)))
                    .as("a new HTTP-FLV play on the edge").isEqualTo(403);

            JsonNode account = new Bills(tenant).account();
            assertThat(account.path("suspended").asBoolean()).as("the account shows the suspension: %s", account)
                    .isTrue();
            assertThat(account.path("balanceMinor").asLong()).as("pay-as-you-go past the package (24 minor units a "
                    + "GB) cost less than a minor unit: %s", account).isZero();
            assertThat(wallet.buy(tenant, sku).status()).as("a package the balance cannot pay for").isEqualTo(402);

            // Pay-as-you-go left the balance at 0, which a free package's price fits: the purchase alone lifts the
            // suspension (a top-up would lift it by itself, and hide what the purchase does).
            String free = wallet.createSku("e2e free 3 MB", PACKAGE_BYTES, 0);
            wallet.buy(tenant, free).expectOk();
            long bought = System.nanoTime();
            String flv = tenant.playUrl(PlayProtocol.HTTP_FLV, hostPort(origin, PlayProtocol.HTTP_FLV), "live",
                    "runout");
            while (!CountingPlayer.plays(PlayProtocol.HTTP_FLV, flv, Duration.ofMillis(500), platform.work())) {
                assertThat(System.nanoTime() - bought).as("play restored within %s of the purchase",
                        RESTORED_WITHIN).isLessThan(RESTORED_WITHIN.toNanos());
                Thread.sleep(50);
            }
            long restored = System.nanoTime();
            System.out.printf("e2e run out: play restored %d ms after the purchase answered%n",
                    (restored - bought) / 1_000_000);
            assertThat(restored - bought).as("play restored within %s of the purchase", RESTORED_WITHIN)
                    .isLessThanOrEqualTo(RESTORED_WITHIN.toNanos());
            for (PlayProtocol protocol : PlayProtocol.values()) {
                assertThat(CountingPlayer.plays(protocol, tenant.playUrl(protocol, hostPort(origin, protocol),
                        "live", "runout"), Duration.ofSeconds(10), platform.work()))
                        .as("a new %s play once the tenant has a package again", protocol).isTrue();
            }
            new Bills(tenant).assertBalanceIsTheLedgersSum();
        } finally {
            encoder.kill();
        }
    }

    /** Waits until the players together received the package's bytes; that moment (System.nanoTime). */
    private static long awaitRunningOut(Audience audience, List<CountingPlayer> playing) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (audience.bytes() < PACKAGE_BYTES) {
            Audience.assertPlaying(playing);
            assertThat(System.nanoTime()).as("the players use up the package (%s)", audience).isLessThan(deadline);
            Thread.sleep(50);
        }
        return System.nanoTime();
    }

    /**
     * Waits until every player is cut (RTMP and HTTP-FLV: its connection closed; HLS: nothing but refusals for
     * {@link #HLS_SILENCE}), failing past {@link #CUT_WITHIN} after {@code ranOut}; the moment the last one was cut.
     */
    private static long awaitCut(List<CountingPlayer> playing, long ranOut) throws Exception {
        Map<CountingPlayer, Long> cutAt = new HashMap<>();
        while (cutAt.size() < playing.size()) {
            long now = System.nanoTime();
            for (CountingPlayer player : playing) {
                if (cutAt.containsKey(player)) {
                    continue;
                }
                if (player.protocol() == PlayProtocol.HLS) {
                    // Polled every 100 ms, so the first silence seen began about HLS_SILENCE ago.
                    long silenceStart = now - HLS_SILENCE.toNanos();
                    if (silenceStart - ranOut > 0
                            && player.proxy().bytesBetween(silenceStart, now) <= HLS_SILENCE_BYTES) {
                        cutAt.put(player, silenceStart);
                    }
                } else if (!player.alive() || player.proxy().openConnections() == 0) {
                    cutAt.put(player, now);
                }
            }
            if (now - ranOut > CUT_WITHIN.plus(HLS_SILENCE).toNanos()) {
                throw new AssertionError("not cut within " + CUT_WITHIN + " of running out: "
                        + playing.stream().filter(p -> !cutAt.containsKey(p)).toList());
            }
            Thread.sleep(100);
        }
        long last = cutAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(last - ranOut).as("every viewer cut within %s of the package running out (%s)", CUT_WITHIN,
                cutAt).isLessThanOrEqualTo(CUT_WITHIN.toNanos());
        return last;
    }

    private static String hostPort(MediaNodeProcess node, PlayProtocol protocol) {
        return node.address() + ":" + (protocol == PlayProtocol.RTMP ? node.rtmpPort() : node.httpPort());
    }
}
