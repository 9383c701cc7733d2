package dev.liveplane.controlplane.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every player a scenario started for one tenant, kept to the end, so that the bytes they received add up to what
 * the tenant must be billed: a player that was refused, gave up or was cut still counts what it got.
 */
final class Audience implements AutoCloseable {

    /** A player has started once it received this much (an FLV header and a GOP, or a playlist and a segment). */
    private static final long STARTED_BYTES = 20_000;

    private final Tenant tenant;
    private final Path work;
    private final List<CountingPlayer> players = new ArrayList<>();

    Audience(Tenant tenant, Path work) {
        this.tenant = tenant;
        this.work = work;
    }

    /**
     * A player of {@code app/stream} on {@code node} that is receiving media: started again (as a viewer presses
     * reload) while it exits before it has (an HLS player that came before the first segment gets 404), up to
     * {@code within}.
     */
    CountingPlayer play(MediaNodeProcess node, PlayProtocol protocol, String app, String stream, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            CountingPlayer player = CountingPlayer.start(tenant, node, protocol, app, stream, work);
            players.add(player);
            while (player.alive() && player.bytes() < STARTED_BYTES && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (player.bytes() >= STARTED_BYTES) {
                return player;
            }
            if (System.nanoTime() >= deadline) {
                throw new AssertionError(protocol + " player on node " + node.name() + " received "
                        + player.bytes() + " bytes in " + within + ":\n" + player.stderr());
            }
            player.stop();
            Thread.sleep(500);
        }
    }

    List<CountingPlayer> players() {
        return List.copyOf(players);
    }

    /** Bytes received by every player started so far. */
    long bytes() {
        return players.stream().mapToLong(CountingPlayer::bytes).sum();
    }

    /** Bytes received over {@code protocol}. */
    long bytes(PlayProtocol protocol) {
        return players.stream().filter(p -> p.protocol() == protocol).mapToLong(CountingPlayer::bytes).sum();
    }

    /** Bytes the players received between two moments (System.nanoTime). */
    long bytesBetween(long fromNanos, long toNanos) {
        return players.stream().mapToLong(p -> p.proxy().bytesBetween(fromNanos, toNanos)).sum();
    }

    /** Fails, with the player's own output, when one of {@code playing} stopped receiving. */
    static void assertPlaying(List<CountingPlayer> playing) {
        for (CountingPlayer player : playing) {
            if (!player.alive()) {
                throw new AssertionError(player + " stopped playing:\n" + player.stderr());
            }
        }
    }

    void stopAll() throws InterruptedException {
        for (CountingPlayer player : players) {
            player.stop();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopAll();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (CountingPlayer player : players) {
            text.append("\n  ").append(player);
        }
        return bytes() + " bytes to " + players.size() + " players:" + text;
    }
}
