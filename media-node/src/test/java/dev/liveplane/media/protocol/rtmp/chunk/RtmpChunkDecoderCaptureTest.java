package dev.liveplane.media.protocol.rtmp.chunk;

import static dev.liveplane.media.protocol.Bytes.capture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.liveplane.media.protocol.TrackingAllocator;
import dev.liveplane.media.protocol.rtmp.message.CommandMessage;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Decodes real ffmpeg and nginx-rtmp chunk streams from rtmp/captures (see the README there). */
class RtmpChunkDecoderCaptureTest {

    /** C0 + C1 + C2 (or S0 + S1 + S2) precede the chunk stream. */
    private static final int HANDSHAKE = 1 + 1536 + 1536;

    /** What a test checks of each message: ids, timestamp, length, and the command or data name. */
    record Seen(int csid, int typeId, long timestamp, int msid, int length, String name) {
    }

    private final TrackingAllocator alloc = new TrackingAllocator();

    @AfterEach
    void allBuffersReleased() {
        alloc.assertAllReleased();
    }

    @Test
    void decodesAnFfmpegPublishSession() {
        List<Seen> seen = decode("ffmpeg-publish.c2s.bin", 1000);

        assertThat(seen.subList(0, 9)).containsExactly(
                new Seen(3, 20, 0, 0, 140, "connect"),
                new Seen(2, 1, 0, 0, 4, null),
                new Seen(3, 20, 0, 0, 33, "releaseStream"),
                new Seen(3, 20, 0, 0, 29, "FCPublish"),
                new Seen(3, 20, 0, 0, 25, "createStream"),
                new Seen(8, 20, 0, 1, 34, "publish"),
                new Seen(4, 18, 0, 1, 309, "@setDataFrame"),
                new Seen(6, 9, 0, 1, 48, null),
                new Seen(4, 8, 0, 1, 7, null));
        // The first keyframe is far longer than the default 128-byte chunk; it only fits in one chunk because the
        // decoder applied ffmpeg's SetChunkSize 4096.
        assertThat(seen.get(10)).isEqualTo(new Seen(6, 9, 46, 1, 3646, null));
        assertThat(seen.subList(seen.size() - 2, seen.size())).containsExactly(
                new Seen(3, 20, 0, 0, 31, "FCUnpublish"),
                new Seen(3, 20, 0, 0, 34, "deleteStream"));
        assertThat(seen).hasSize(140);
        assertThat(seen).filteredOn(s -> s.typeId() == MessageType.VIDEO).hasSize(42);
        assertThat(seen).filteredOn(s -> s.typeId() == MessageType.AUDIO).hasSize(89);
    }

    @Test
    void decodesFfmpegExtendedTimestamps() {
        // Published with -output_ts_offset 16800: type-1 headers carry 0xFFFFFF and an extended delta, and the
        // 5590-byte keyframe's type-3 continuation chunk repeats it.
        List<Seen> seen = decode("ffmpeg-publish-extended-timestamp.c2s.bin", 777);

        assertThat(seen.get(8)).isEqualTo(new Seen(4, 8, 0, 1, 7, null));
        assertThat(seen.get(9)).isEqualTo(new Seen(4, 8, 16_799_954, 1, 221, null));
        assertThat(seen.get(10)).isEqualTo(new Seen(6, 9, 16_800_000, 1, 5590, null));
        assertThat(seen.get(42)).isEqualTo(new Seen(6, 9, 16_801_000, 1, 8001, null));
        assertThat(seen.get(seen.size() - 1).name()).isEqualTo("deleteStream");
        assertThat(seen).hasSize(61);
    }

    @Test
    void decodesNginxAnsweringAnFfmpegPlay() {
        List<Seen> seen = decode("ffmpeg-play.s2c.bin", 4096);

        assertThat(seen.subList(0, 9)).containsExactly(
                new Seen(2, 5, 0, 0, 4, null),
                new Seen(2, 6, 0, 0, 5, null),
                new Seen(2, 1, 0, 0, 4, null),
                new Seen(3, 20, 0, 0, 190, "_result"),
                new Seen(3, 20, 0, 0, 29, "_result"),
                new Seen(2, 4, 0, 0, 6, null),
                new Seen(5, 20, 0, 1, 96, "onStatus"),
                new Seen(5, 18, 0, 1, 24, "|RtmpSampleAccess"),
                new Seen(5, 18, 0, 1, 387, "onMetaData"));
        assertThat(seen).hasSize(97);
        assertThat(seen.get(seen.size() - 1).name()).isEqualTo("onStatus");
    }

    @Test
    void decodesAnFfmpegPlayRequest() {
        List<Seen> seen = decode("ffmpeg-play.c2s.bin", 64);

        assertThat(seen).containsExactly(
                new Seen(3, 20, 0, 0, 197, "connect"),
                new Seen(2, 5, 0, 0, 4, null),
                new Seen(3, 20, 0, 0, 25, "createStream"),
                new Seen(8, 20, 0, 0, 35, "getStreamLength"),
                new Seen(8, 20, 0, 1, 33, "play"),
                new Seen(2, 4, 1, 0, 10, null),
                new Seen(3, 20, 0, 0, 34, "deleteStream"));
    }

    /** Feeds the capture after its handshake in segments of the given size. */
    private List<Seen> decode(String capture, int segment) {
        byte[] bytes = capture(capture);
        RtmpChunkDecoder decoder = new RtmpChunkDecoder();
        EmbeddedChannel channel = alloc.channel(decoder);
        for (int i = HANDSHAKE; i < bytes.length; i += segment) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(segment, bytes.length - i)));
        }
        List<Seen> seen = new ArrayList<>();
        for (RtmpMessage m; (m = channel.readInbound()) != null; m.release()) {
            seen.add(new Seen(m.chunkStreamId(), m.typeId(), m.timestamp(), m.messageStreamId(),
                    m.content().readableBytes(), name(m)));
        }
        assertThat(decoder.bytesRead()).isEqualTo(bytes.length - HANDSHAKE);
        assertFalse(channel.finish());
        return seen;
    }

    private static String name(RtmpMessage m) {
        if (m.typeId() == MessageType.COMMAND_AMF0) {
            return CommandMessage.decode(m.typeId(), m.content()).name();
        }
        if (m.typeId() == MessageType.DATA_AMF0) {
            return (String) DataMessage.decode(m.typeId(), m.content()).values().get(0);
        }
        return null;
    }
}
