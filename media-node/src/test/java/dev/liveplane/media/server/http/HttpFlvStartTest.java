package dev.liveplane.media.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.protocol.amf0.Amf0Writer;
import dev.liveplane.media.protocol.flv.FlvHeader;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.MediaFrame;
import dev.liveplane.media.server.stream.MediaFrames;
import dev.liveplane.media.server.stream.OpenAuthorizer;
import dev.liveplane.media.server.stream.StreamEventListener;
import dev.liveplane.media.server.stream.StreamRegistry;
import dev.liveplane.media.server.stream.StreamRelays;
import dev.liveplane.media.server.stream.StreamSettings;
import dev.liveplane.media.server.stream.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a new HTTP-FLV viewer of a running stream gets before anything else happens on the stream: the whole start
 * (response head, FLV header, metadata, sequence headers, the cached GOP) is written as soon as the request is
 * handled, without waiting for a next live frame or keyframe. A player's first media (bench/README.md) is this
 * path; LiveStreamTest holds that the start burst does not wait for a write-merge window either.
 */
class HttpFlvStartTest {

    private static final byte[] AVC_SEQUENCE_HEADER = {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1E, (byte) 0xFF};
    private static final byte[] AAC_SEQUENCE_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};

    private final NodeMetrics metrics = new NodeMetrics();
    private final HlsStreams hls = new HlsStreams(HlsSettings.DEFAULTS, Duration.ofSeconds(1));
    private final StreamSettings settings = StreamSettings.defaults();
    private final StreamRegistry registry = new StreamRegistry(settings, metrics, List.of(hls),
            StreamEventListener.NONE);
    private final EmbeddedChannel publisher = new EmbeddedChannel();
    private final EmbeddedChannel player = new EmbeddedChannel();
    private LiveStream stream;

    @AfterEach
    void release() {
        if (stream != null) {
            stream.end();
        }
        runTasks();
        hls.releaseAll();
        player.finishAndReleaseAll();
        publisher.finishAndReleaseAll();
    }

    @Test
    void aNewViewerGetsHeaderMetadataSequenceHeadersAndTheCachedGopAtOnceThenLiveFrames() throws Exception {
        stream = registry.publish(new StreamKey("example.com", "live", "cam"), publisher.eventLoop(), reason -> { });
        stream.onMetadata(metadata(), new TrackInfo(true, true));
        stream.onFrame(MediaFrames.video(0, Unpooled.wrappedBuffer(AVC_SEQUENCE_HEADER.clone()), System.nanoTime()));
        stream.onFrame(MediaFrames.audio(0, Unpooled.wrappedBuffer(AAC_SEQUENCE_HEADER.clone()), System.nanoTime()));
        stream.onFrame(video(80, true));
        stream.onFrame(audio(90));
        stream.onFrame(video(120, false));
        runTasks();

        player.pipeline()
                .addLast(HttpServerInitializer.CODEC, new HttpServerCodec())
                .addLast(HttpServerInitializer.AGGREGATOR, new HttpObjectAggregator(8192))
                .addLast("media", new MediaHttpHandler(registry, hls, new OpenAuthorizer(), settings, metrics,
                        StreamRelays.NONE, new NodePath()));
        player.writeInbound(Unpooled.copiedBuffer(
                "GET /live/cam.flv HTTP/1.1\r\nHost: example.com\r\n\r\n", StandardCharsets.US_ASCII));
        runTasks(); // no frame arrives meanwhile: the start must not need one

        ByteBuf wire = outbound();
        try {
            String head = wire.readCharSequence(wire.bytesBefore((byte) '\r') + 2, StandardCharsets.US_ASCII)
                    .toString();
            assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\n");
            int headEnd = ByteBufUtil.indexOf(Unpooled.wrappedBuffer("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                    wire);
            assertThat(headEnd).as("end of the response head").isNotNegative();
            wire.readerIndex(headEnd + 4);
            ByteBuf body = dechunk(wire);
            try {
                FlvTagReader reader = new FlvTagReader();
                List<String> start = labels(reader, body);
                assertThat(reader.header()).contains(new FlvHeader(1, true, true));
                assertThat(start).containsExactly("onMetaData", "video@0 sequence header", "audio@0 sequence header",
                        "video@80 keyframe", "audio@90", "video@120");
            } finally {
                body.release();
            }
        } finally {
            wire.release();
        }

        stream.onFrame(audio(130));
        runTasks();
        ByteBuf next = outbound();
        ByteBuf nextBody = dechunk(next);
        try {
            FlvTagReader continued = new FlvTagReader();
            ByteBuf withHeader = Unpooled.wrappedBuffer(flvHeader(), nextBody.retain());
            try {
                assertThat(labels(continued, withHeader)).containsExactly("audio@130");
            } finally {
                withHeader.release();
            }
        } finally {
            nextBody.release();
            next.release();
        }
    }

    private void runTasks() {
        for (int i = 0; i < 3; i++) {
            publisher.runPendingTasks();
            player.runPendingTasks();
        }
    }

    /** Everything the player's socket got so far, in order. */
    private ByteBuf outbound() {
        ByteBuf all = Unpooled.buffer();
        ByteBuf written;
        while ((written = player.readOutbound()) != null) {
            all.writeBytes(written);
            written.release();
        }
        return all;
    }

    /** The payload of the HTTP/1.1 chunks (RFC 9112 7.1) in {@code wire}. */
    private static ByteBuf dechunk(ByteBuf wire) {
        ByteBuf body = Unpooled.buffer();
        while (wire.isReadable()) {
            int lineEnd = wire.bytesBefore((byte) '\r');
            int size = Integer.parseInt(wire.readCharSequence(lineEnd, StandardCharsets.US_ASCII).toString(), 16);
            wire.skipBytes(2);
            body.writeBytes(wire, size);
            wire.skipBytes(2);
        }
        return body;
    }

    private static List<String> labels(FlvTagReader reader, ByteBuf body) {
        List<String> labels = new ArrayList<>();
        FlvTag tag;
        while ((tag = reader.read(body)) != null) {
            try {
                labels.add(label(tag));
            } finally {
                tag.release();
            }
        }
        assertThat(body.isReadable()).as("a partial tag left over").isFalse();
        return labels;
    }

    private static String label(FlvTag tag) {
        ByteBuf content = tag.content();
        return switch (tag.tagType()) {
            case FlvTag.SCRIPT_DATA -> "onMetaData";
            case FlvTag.VIDEO -> "video@" + tag.timestamp()
                    + (content.getByte(content.readerIndex() + 1) == 0 ? " sequence header"
                            : content.getByte(content.readerIndex()) == 0x17 ? " keyframe" : "");
            case FlvTag.AUDIO -> "audio@" + tag.timestamp()
                    + (content.getByte(content.readerIndex() + 1) == 0 ? " sequence header" : "");
            default -> "tag " + tag.tagType();
        };
    }

    private static ByteBuf flvHeader() {
        ByteBuf header = Unpooled.buffer();
        FlvHeader.write(header, true, true);
        return header;
    }

    private static MediaFrame metadata() {
        ByteBuf body = Unpooled.buffer();
        Amf0Writer.write(body, "onMetaData");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("videocodecid", 7.0);
        properties.put("audiocodecid", 10.0);
        Amf0Writer.write(body, properties);
        return MediaFrames.metadata(0, body, System.nanoTime());
    }

    private static MediaFrame video(long ts, boolean key) {
        byte[] body = new byte[1000];
        body[0] = (byte) (key ? 0x17 : 0x27);
        body[1] = 1;
        return MediaFrames.video(ts, Unpooled.wrappedBuffer(body), System.nanoTime());
    }

    private static MediaFrame audio(long ts) {
        return MediaFrames.audio(ts, Unpooled.wrappedBuffer(new byte[] {(byte) 0xAF, 1, 0x21, 0x10}),
                System.nanoTime());
    }
}
