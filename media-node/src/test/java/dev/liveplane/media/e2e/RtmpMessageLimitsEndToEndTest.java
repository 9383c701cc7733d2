package dev.liveplane.media.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkWriter;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.server.stream.LiveStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.SocketException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node lets an RTMP peer send larger messages as it earns them: a connect-sized command before {@code connect},
 * 64 KiB after it, keyframes of megabytes once its publish is authorized; past that the connection is closed.
 */
class RtmpMessageLimitsEndToEndTest {

    private static final int KEYFRAME = 2 << 20;
    private static LocalNode node;

    @BeforeAll
    static void startNode() throws InterruptedException {
        node = LocalNode.start(LocalNode.loopback());
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void aCommandLongerThanAnyConnectIsRefusedBeforeConnect() throws Exception {
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.command(0, "connect", 1, Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live?" + "a".repeat(9000)));
            assertThat(socket.closedByPeer(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aSignedConnectAsLongAsRealOnesPasses() throws Exception {
        String token = "?auth_key=" + "x".repeat(1500); // a JWT-sized signature, in both app and tcUrl as OBS sends
        try (RawRtmpSocket socket = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            socket.command(0, "connect", 1, Map.of("app", "live" + token, "tcUrl", "rtmp://127.0.0.1/live" + token,
                    "flashVer", "FMLE/3.0 (compatible; FMSc/1.0)", "swfUrl", "rtmp://127.0.0.1/live" + token));
            assertThat(socket.closedByPeer(Duration.ofSeconds(1))).isFalse();
        }
    }

    @Test
    void aKeyframeOfMegabytesIsRefusedBeforeThePublishIsAuthorizedAndTakenAfter() throws Exception {
        try (RawRtmpSocket early = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            early.command(0, "connect", 1, Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live"));
            boolean refused;
            try {
                early.send(video(KEYFRAME));
                refused = early.closedByPeer(Duration.ofSeconds(5));
            } catch (SocketException reset) {
                // The node read the message header, refused it and closed while the rest was still being written.
                refused = true;
            }
            assertThat(refused).as("keyframe before publish").isTrue();
        }
        try (RawRtmpSocket publisher = new RawRtmpSocket(node.node.rtmpPort()).handshake()) {
            publisher.command(0, "connect", 1, Map.of("app", "live", "tcUrl", "rtmp://127.0.0.1/live"));
            publisher.command(0, "createStream", 2, null);
            publisher.command(1, "publish", 0, null, "big", "live");
            LiveStream stream = node.awaitStream("live", "big", Duration.ofSeconds(10));
            publisher.send(video(KEYFRAME));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stream.ingestBytes() < KEYFRAME && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stream.ingestBytes()).as("the keyframe reached the stream").isEqualTo(KEYFRAME);
            assertThat(publisher.closedByPeer(Duration.ofMillis(500))).isFalse();
        }
    }

    /** An AVC keyframe NAL unit message of {@code length} bytes on chunk stream 6, message stream 1. */
    private static byte[] video(int length) {
        ByteBuf payload = Unpooled.buffer(length);
        payload.writeBytes(new byte[] {0x17, 1, 0, 0, 0});
        payload.writeZero(length - payload.writerIndex());
        ByteBuf chunks = Unpooled.buffer();
        try {
            RtmpChunkWriter.write(chunks, 6, MessageType.VIDEO, 0, 1, payload, 128);
            byte[] bytes = new byte[chunks.readableBytes()];
            chunks.readBytes(bytes);
            return bytes;
        } finally {
            payload.release();
            chunks.release();
        }
    }
}
