package dev.liveplane.media.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.server.NodeMetrics;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.hls.HlsStreams;
import dev.liveplane.media.server.rtmp.RtmpFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fan-out rules: what a late joiner receives first, and how a viewer that falls behind loses whole GOPs. */
class LiveStreamTest {

    private static final byte[] AVC_SEQUENCE_HEADER = {0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1E, (byte) 0xFF};
    private static final byte[] AAC_SEQUENCE_HEADER = {(byte) 0xAF, 0, 0x12, 0x10};

    private final NodeMetrics metrics = new NodeMetrics();
    private final EmbeddedChannel publisherChannel = new EmbeddedChannel();
    private final List<EmbeddedChannel> viewerChannels = new ArrayList<>();
    private final HlsStreams hls = new HlsStreams(HlsSettings.DEFAULTS, Duration.ofSeconds(1));
    private final StreamRegistry registry = new StreamRegistry(
            new StreamSettings(1 << 20, 2_000, 1 << 20, 2, 1024, Duration.ofSeconds(1)),
            metrics, List.of(hls), StreamEventListener.NONE);

    private final List<LiveStream> published = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        for (LiveStream stream : published) {
            stream.end();
        }
        runTasks();
        hls.releaseAll();
        for (EmbeddedChannel channel : viewerChannels) {
            channel.finishAndReleaseAll();
        }
        publisherChannel.finishAndReleaseAll();
    }

    @Test
    void aLateJoinerGetsMetadataAndSequenceHeadersThenStartsOnTheCachedKeyframe() throws Exception {
        LiveStream stream = publish("late");
        stream.onFrame(MediaFrames.video(0, buf(AVC_SEQUENCE_HEADER), 0));
        stream.onFrame(MediaFrames.audio(0, buf(AAC_SEQUENCE_HEADER), 0));
        stream.onFrame(video(40, false)); // before the first keyframe: nothing can decode it
        stream.onFrame(video(80, true));
        stream.onFrame(audio(90));
        stream.onFrame(video(120, false));

        RecordingViewer viewer = attach(stream);

        assertThat(viewer.received()).containsExactly("VIDEO@0 seq", "AUDIO@0 seq", "VIDEO@80 key", "AUDIO@90",
                "VIDEO@120");
    }

    @Test
    void aViewerThatFallsBehindLosesWholeGopsAndIsThenDisconnected() throws Exception {
        LiveStream stream = publish("slow");
        RecordingViewer viewer = attach(stream);
        viewer.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the socket is full

        stream.onFrame(video(0, true));
        stream.onFrame(video(40, false));
        stream.onFrame(video(80, false)); // 3 x 1000 bytes queued: over the 2,000-byte lag
        stream.onFrame(video(120, true)); // this GOP is dropped whole
        stream.onFrame(video(160, false));
        runTasks();

        viewer.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        viewer.drain();
        stream.onFrame(audio(170)); // still dropping until the next keyframe
        runTasks();
        assertThat(viewer.received()).containsExactly("VIDEO@0 key", "VIDEO@40", "VIDEO@80");

        stream.onFrame(video(200, true)); // queue drained: delivery resumes on a keyframe
        runTasks();
        assertThat(viewer.received()).endsWith("VIDEO@200 key");

        viewer.channel().unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        for (int gop = 0; gop < 5; gop++) {
            stream.onFrame(video(240 + gop * 80, true));
            stream.onFrame(video(280 + gop * 80, false));
            runTasks();
        }
        assertThat(viewer.channel().isOpen()).isFalse();
        assertThat(metrics.scrape()).contains("liveplane_slow_viewers_disconnected_total 1.0");
    }

    @Test
    void withAWriteMergeWindowLiveFramesWaitForTheWindowButTheStartBurstDoesNot() throws Exception {
        Duration window = Duration.ofMillis(400);
        LiveStream stream = publishMerging("merged", window);
        stream.onFrame(video(0, true));

        RecordingViewer viewer = attach(stream);
        assertThat(viewer.received()).as("the start burst is written at once").containsExactly("VIDEO@0 key");

        stream.onFrame(audio(10)); // the first live frame after a quiet spell goes out at once
        runTasks();
        long firstWrite = System.nanoTime();
        assertThat(viewer.received()).endsWith("AUDIO@10");

        stream.onFrame(video(33, false));
        stream.onFrame(audio(43));
        runTasks();
        assertThat(viewer.received()).as("held within the window").endsWith("AUDIO@10");

        awaitWindowEnd(firstWrite, window);
        assertThat(viewer.received()).containsExactly("VIDEO@0 key", "AUDIO@10", "VIDEO@33", "AUDIO@43");
        assertThat(metrics.scrape()).contains("liveplane_delivery_latency_seconds_count 2\n");
        assertThat(scraped("liveplane_delivery_latency_seconds_max")).as("the hold is in the delivery latency")
                .isGreaterThan(0.3);

        stream.end();
        awaitWindowEnd(System.nanoTime(), window);
        assertThat(viewer.received()).as("end of stream after what was held").endsWith("AUDIO@43", "END");
    }

    @Test
    void aRelayPullIsNeverHeldForTheMergeWindow() throws Exception {
        Duration window = Duration.ofMillis(400);
        LiveStream stream = publishMerging("relayed", window);
        RecordingViewer player = attach(stream);
        EmbeddedChannel relayChannel = new EmbeddedChannel();
        viewerChannels.add(relayChannel);
        RecordingViewer relay = new RecordingViewer(relayChannel, metrics, true);
        stream.addViewer(relay);
        runTasks();

        stream.onFrame(video(0, true));
        runTasks();
        long firstWrite = System.nanoTime();
        stream.onFrame(audio(10));
        stream.onFrame(video(33, false));
        runTasks();

        assertThat(relay.received()).containsExactly("VIDEO@0 key", "AUDIO@10", "VIDEO@33");
        assertThat(player.received()).as("the player's frames wait for the window").containsExactly("VIDEO@0 key");
        awaitWindowEnd(firstWrite, window);
        assertThat(player.received()).containsExactly("VIDEO@0 key", "AUDIO@10", "VIDEO@33");
    }

    @Test
    void aNegativeWriteMergeWindowIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamSettings.defaults()
                .withWriteMergeWindow(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private double scraped(String name) {
        return metrics.scrape().lines().filter(line -> line.startsWith(name + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(name.length() + 1))).orElseThrow();
    }

    /** Runs tasks until a window has passed since {@code since}, then once more for what came due. */
    private void awaitWindowEnd(long since, Duration window) throws InterruptedException {
        long end = since + window.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
        Thread.sleep(20);
        runTasks();
    }

    @Test
    void viewersGetEndOfStreamWhenThePublisherLeaves() throws Exception {
        LiveStream stream = publish("ending");
        RecordingViewer viewer = attach(stream);
        stream.onFrame(video(0, true));
        stream.end();
        runTasks();

        assertThat(viewer.received()).containsExactly("VIDEO@0 key", "END");
        assertThat(registry.find(stream.key())).isEmpty();
    }

    @Test
    void aSecondPublisherIsRefusedWhileTheFirstIsSendingAndAcceptedOnceItIsStale() throws Exception {
        StreamKey key = new StreamKey("example.com", "live", "busy");
        LiveStream first = registry.publish(key, publisherChannel.eventLoop(), reason -> { });
        published.add(first);
        first.onFrame(video(0, true));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> registry.publish(key, publisherChannel.eventLoop(), reason -> { }))
                .isInstanceOf(StreamBusyException.class);

        Thread.sleep(1_100); // no media for longer than publisherStaleAfter
        List<String> evictions = new ArrayList<>();
        LiveStream second = registry.publish(key, publisherChannel.eventLoop(), evictions::add);
        assertThat(second).isNotSameAs(first);
        assertThat(registry.find(key)).containsSame(second);
        published.add(second);
    }

    private LiveStream publish(String name) throws StreamBusyException {
        LiveStream stream = registry.publish(new StreamKey("example.com", "live", name),
                publisherChannel.eventLoop(), reason -> { });
        published.add(stream);
        return stream;
    }

    /** Publishes on a registry of its own whose viewers' writes are merged over {@code window}. */
    private LiveStream publishMerging(String name, Duration window) throws StreamBusyException {
        StreamRegistry merging = new StreamRegistry(new StreamSettings(1 << 20, 1 << 20, 1 << 20, 2, 1024,
                Duration.ofSeconds(1), window), metrics, List.of(hls), StreamEventListener.NONE);
        LiveStream stream = merging.publish(new StreamKey("example.com", "live", name), publisherChannel.eventLoop(),
                reason -> { });
        published.add(stream);
        return stream;
    }

    private RecordingViewer attach(LiveStream stream) {
        EmbeddedChannel channel = new EmbeddedChannel();
        viewerChannels.add(channel);
        RecordingViewer viewer = new RecordingViewer(channel, metrics);
        stream.addViewer(viewer);
        runTasks();
        return viewer;
    }

    private void runTasks() {
        for (int i = 0; i < 3; i++) {
            publisherChannel.runPendingTasks();
            for (EmbeddedChannel channel : viewerChannels) {
                channel.runPendingTasks();
            }
        }
    }

    private static MediaFrame video(long ts, boolean key) {
        byte[] body = new byte[1000];
        body[0] = (byte) (key ? 0x17 : 0x27);
        body[1] = 1;
        return MediaFrames.video(ts, Unpooled.wrappedBuffer(body), System.nanoTime());
    }

    private static MediaFrame audio(long ts) {
        return MediaFrames.audio(ts, buf(new byte[] {(byte) 0xAF, 1, 0x21, 0x10}), System.nanoTime());
    }

    private static ByteBuf buf(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes.clone());
    }

    /** A viewer that writes a readable label per frame instead of wire bytes. */
    private static final class RecordingViewer extends Viewer {

        private final List<String> received = new ArrayList<>();
        private final boolean relay;

        RecordingViewer(EmbeddedChannel channel, NodeMetrics metrics) {
            this(channel, metrics, false);
        }

        RecordingViewer(EmbeddedChannel channel, NodeMetrics metrics, boolean relay) {
            super(channel, RtmpFrameEncoder.INSTANCE, new StreamSettings(1 << 20, 2_000, 1 << 20, 2, 1024,
                    Duration.ofSeconds(1)), metrics, metrics.rtmpBytesOut());
            this.relay = relay;
        }

        @Override
        public boolean relay() {
            return relay;
        }

        @Override
        protected ByteBuf preamble(TrackInfo tracks) {
            return null;
        }

        @Override
        protected void writeEndOfStream() {
            received();
            received.add("END");
        }

        @Override
        protected void onSlowDisconnect(String reason) {
        }

        List<String> received() {
            EmbeddedChannel channel = (EmbeddedChannel) channel();
            ByteBuf written;
            while ((written = channel.readOutbound()) != null) {
                received.add(decodeLabel(written));
                written.release();
            }
            return received;
        }

        private static String decodeLabel(ByteBuf chunked) {
            // fmt-0 header: 1-byte basic header, 3-byte timestamp, 3-byte length, 1-byte type, 4-byte stream id.
            long ts = chunked.getUnsignedMedium(1);
            int type = chunked.getUnsignedByte(7);
            int first = chunked.getUnsignedByte(12);
            int second = chunked.getUnsignedByte(13);
            String kind = type == 9 ? "VIDEO" : type == 8 ? "AUDIO" : "DATA";
            String flags = "";
            if (type == 9 && second == 0) {
                flags = " seq";
            } else if (type == 9 && (first >> 4) == 1) {
                flags = " key";
            } else if (type == 8 && second == 0) {
                flags = " seq";
            }
            return kind + "@" + ts + flags;
        }
    }
}
