package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.protocol.rtmp.message.MessageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial: peers that finish the RTMP handshake and never {@code connect}, announcing large messages on every
 * chunk stream and trickling their bodies, get closed without making the node hold their memory, while three real
 * publishers and their viewers on the same node do not lose a frame. The node runs in its own JVM with 64 MiB of
 * direct memory: before the per-connection budgets, 50 such peers asked for about four times that.
 */
class PartialMessageFloodTest {

    private static final int PUBLISHERS = 3;
    private static final int ATTACKERS = 50;
    /** Chunk stream ids 3..63 take the one-byte basic header; 2 is the protocol control stream. */
    private static final int FIRST_CSID = 3;
    private static final int LAST_CSID = 63;
    private static final int CHUNK = 128;
    private static final long FRAME_MS = 40; // testsrc at 25 fps
    private static final long BEFORE_CONNECT_BYTES = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void peersHoardingPartialMessagesBeforeConnectAreClosedAndCostNoViewerAFrame() throws Exception {
        List<Ffmpeg.Run> publishers = new ArrayList<>();
        List<RtmpPlayer> viewers = new ArrayList<>();
        List<RawRtmpSocket> attackers = new ArrayList<>();
        try (NodeProcess node = NodeProcess.start(dir, List.of("-XX:MaxDirectMemorySize=64m", "-Xmx256m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))) {
            for (int i = 0; i < PUBLISHERS; i++) {
                publishers.add(Ffmpeg.publish(node.rtmp("live", "cam" + i), 60, "320x240", dir, "aac"));
            }
            LocalNode.awaitBody(node.admin("/metrics"),
                    body -> SlowViewerTest.counter(body, "liveplane_streams") == PUBLISHERS, Duration.ofSeconds(20));
            for (int i = 0; i < PUBLISHERS; i++) {
                viewers.add(RtmpPlayer.play(node.rtmpPort, "live", "cam" + i));
            }
            for (RtmpPlayer viewer : viewers) {
                viewer.awaitMessages(m -> videoTimestamps(m).size() >= 25, Duration.ofSeconds(15));
            }

            for (int i = 0; i < ATTACKERS; i++) {
                RawRtmpSocket attacker = new RawRtmpSocket(node.rtmpPort).handshake();
                attackers.add(attacker);
                // Half announce 8 MiB videos (no real client sends media before connect), half 8000-byte data
                // messages, a length allowed before connect, so only the connection's byte budget stops them.
                boolean video = i % 2 == 0;
                sendQuietly(attacker, announce(video ? MessageType.VIDEO : MessageType.DATA_AMF0,
                        video ? 8 << 20 : 8000));
            }
            long maxPartialBytes = 0;
            long attackEnd = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < attackEnd) {
                for (RawRtmpSocket attacker : attackers) {
                    sendQuietly(attacker, trickle());
                }
                maxPartialBytes = Math.max(maxPartialBytes, (long) SlowViewerTest.counter(
                        LocalNode.get(node.admin("/metrics")).body(), "liveplane_rtmp_partial_message_bytes"));
                Thread.sleep(250);
            }

            // The viewers play on past the attack; then every frame each one got must be there, in order.
            List<Integer> counts = new ArrayList<>();
            for (RtmpPlayer viewer : viewers) {
                counts.add(videoTimestamps(viewer.messages()).size());
            }
            for (int i = 0; i < PUBLISHERS; i++) {
                int before = counts.get(i);
                viewers.get(i).awaitMessages(m -> videoTimestamps(m).size() >= before + 25, Duration.ofSeconds(10));
            }
            for (int i = 0; i < PUBLISHERS; i++) {
                assertThat(publishers.get(i).process().isAlive()).as("publisher %d still pushing: %s", i,
                        publishers.get(i).stderr()).isTrue();
                assertNoFrameLost("viewer of cam" + i, videoTimestamps(viewers.get(i).messages()));
            }
            for (RawRtmpSocket attacker : attackers) {
                assertThat(attacker.closedByPeer(Duration.ofSeconds(2))).as("attacker closed by the node").isTrue();
            }
            assertThat(maxPartialBytes).as("bytes the attackers made the node hold")
                    .isLessThanOrEqualTo(ATTACKERS * BEFORE_CONNECT_BYTES);
            String metrics = LocalNode.get(node.admin("/metrics")).body();
            assertThat(SlowViewerTest.counter(metrics, "liveplane_rtmp_message_budget_refusals_total"))
                    .isGreaterThanOrEqualTo(ATTACKERS);
            assertThat(SlowViewerTest.counter(metrics, "liveplane_streams"))
                    .isEqualTo(PUBLISHERS);
            assertThat(node.log()).doesNotContain("OutOfMemoryError").doesNotContain("event=allocation_failed");
        } finally {
            for (RawRtmpSocket attacker : attackers) {
                attacker.close();
            }
            for (RtmpPlayer viewer : viewers) {
                viewer.close();
            }
            for (Ffmpeg.Run publisher : publishers) {
                publisher.kill();
            }
        }
    }

    /** One type-0 chunk (a full 128-byte first chunk) on each chunk stream, each opening a message of {@code length}. */
    private static byte[] announce(int typeId, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int csid = FIRST_CSID; csid <= LAST_CSID; csid++) {
            out.write(csid); // fmt 0
            out.write(new byte[] {0, 0, 0}, 0, 3); // timestamp
            out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length}, 0, 3);
            out.write(typeId);
            out.write(new byte[] {1, 0, 0, 0}, 0, 4); // message stream id 1, little-endian
            out.write(new byte[CHUNK], 0, CHUNK);
        }
        return out.toByteArray();
    }

    /** One more type-3 chunk on each chunk stream: the bodies grow slowly and the connection never looks idle. */
    private static byte[] trickle() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int csid = FIRST_CSID; csid <= LAST_CSID; csid++) {
            out.write(0xC0 | csid);
            out.write(new byte[CHUNK], 0, CHUNK);
        }
        return out.toByteArray();
    }

    private static void sendQuietly(RawRtmpSocket attacker, byte[] bytes) {
        try {
            attacker.send(bytes);
        } catch (IOException e) {
            // the node has closed this one already
        }
    }

    /** Timestamps of the coded video frames a viewer got (sequence headers and empty messages left out). */
    private static List<Long> videoTimestamps(List<RtmpPlayer.Received> messages) {
        List<Long> timestamps = new ArrayList<>();
        for (RtmpPlayer.Received m : messages) {
            if (m.typeId() == MessageType.VIDEO && m.payload().length > 2 && m.byteAt(1) == 1) {
                timestamps.add(m.timestamp());
            }
        }
        return timestamps;
    }

    private static void assertNoFrameLost(String viewer, List<Long> timestamps) {
        for (int i = 1; i < timestamps.size(); i++) {
            long step = timestamps.get(i) - timestamps.get(i - 1);
            assertThat(step).as("%s: frame %d of %d comes %d ms after the one before (%d ms per frame)", viewer, i,
                    timestamps.size(), step, FRAME_MS).isBetween(0L, FRAME_MS + FRAME_MS / 2);
        }
    }
}
