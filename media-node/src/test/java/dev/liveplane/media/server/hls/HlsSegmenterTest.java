package dev.liveplane.media.server.hls;

import static dev.liveplane.media.server.hls.Frames.aac;
import static dev.liveplane.media.server.hls.Frames.aacSequenceHeader;
import static dev.liveplane.media.server.hls.Frames.avcSequenceHeader;
import static dev.liveplane.media.server.hls.Frames.feed;
import static dev.liveplane.media.server.hls.Frames.video;
import static dev.liveplane.media.server.hls.Frames.videoWithBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HlsSegmenterTest {

    private static final String PUBLISH = "00000000000000aa";

    /** No thread caches, so numActiveAllocations drops to zero exactly when every buffer is released. */
    private final PooledByteBufAllocator alloc = new PooledByteBufAllocator(false, 1, 0, 8192, 9, 0, 0, false);
    private HlsSegmenter segmenter = new HlsSegmenter("live", PUBLISH, HlsSettings.DEFAULTS, alloc);

    @AfterEach
    void releaseEverything() {
        segmenter.release();
        long active = alloc.metric().heapArenas().stream().mapToLong(PoolArenaMetric::numActiveAllocations).sum();
        assertThat(active).as("buffers still allocated after release()").isZero();
    }

    @Test
    void servesNothingBeforeTheFirstKeyframe() {
        feed(segmenter, avcSequenceHeader());
        feed(segmenter, aacSequenceHeader());
        feed(segmenter, video(0, false, 500));
        feed(segmenter, aac(10, 200));
        feed(segmenter, video(5000, false, 500));
        assertThat(segmenter.playlist("")).isEmpty();
        assertThat(segmenter.segment(PUBLISH, 0)).isEmpty();
    }

    @Test
    void cutsAtTheFirstKeyframeAtLeastTheTargetDurationIn() {
        feedAudioVideo(0, 7_000, 1_000);
        assertThat(segmenter.playlist("?t=1")).contains("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXTINF:2.000,
                live/seg-00000000000000aa-0.ts?t=1
                #EXTINF:2.000,
                live/seg-00000000000000aa-1.ts?t=1
                #EXTINF:2.000,
                live/seg-00000000000000aa-2.ts?t=1
                """);
        ByteBuf segment = segmenter.segment(PUBLISH, 1).orElseThrow();
        try {
            assertThat(segment.readableBytes() % 188).isZero();
            assertThat(segment.getByte(0)).isEqualTo((byte) 0x47);
            // The first PES after PAT and PMT is the video keyframe, flagged random access.
            assertThat(segment.getUnsignedShort(376 + 1) & 0x1FFF).isEqualTo(0x100);
            assertThat(segment.getByte(376 + 5) & 0x40).isEqualTo(0x40);
        } finally {
            segment.release();
        }
    }

    @Test
    void longGopsStretchSegmentsAndTheTargetDuration() {
        feedAudioVideo(0, 10_000, 2_600);
        assertThat(segmenter.playlist("").orElseThrow())
                .contains("#EXT-X-TARGETDURATION:3\n")
                .contains("#EXTINF:2.600,\nlive/seg-00000000000000aa-0.ts\n"
                        + "#EXTINF:2.600,\nlive/seg-00000000000000aa-1.ts\n");
    }

    @Test
    void slidesTheWindowButKeepsRecentSegmentsFetchable() {
        segmenter = new HlsSegmenter("live", PUBLISH, new HlsSettings(1_000, 3, 1, 1 << 20), alloc);
        feedAudioVideo(0, 2_400, 1_000);
        ByteBuf first = segmenter.segment(PUBLISH, 0).orElseThrow();
        feedAudioVideo(2_400, 8_000, 1_000);
        String playlist = segmenter.playlist("").orElseThrow();
        assertThat(playlist).contains("#EXT-X-MEDIA-SEQUENCE:4\n")
                .contains("live/seg-00000000000000aa-4.ts", "live/seg-00000000000000aa-5.ts",
                        "live/seg-00000000000000aa-6.ts")
                .doesNotContain("live/seg-00000000000000aa-3.ts");
        assertThat(fetch(3)).as("retained beyond the window").isTrue();
        assertThat(fetch(2)).as("released").isFalse();
        assertThat(fetch(7)).as("not yet cut").isFalse();
        // A viewer still writing the first segment keeps it alive until it releases it.
        assertThat(first.getByte(0)).isEqualTo((byte) 0x47);
        assertThat(first.release()).isTrue();
    }

    @Test
    void endPublishesTheLastSegmentAndEndList() {
        feedAudioVideo(0, 3_000, 1_000);
        segmenter.end();
        feed(segmenter, video(3_000, true, 100));
        assertThat(segmenter.playlist("").orElseThrow()).endsWith("""
                #EXTINF:2.000,
                live/seg-00000000000000aa-0.ts
                #EXTINF:1.000,
                live/seg-00000000000000aa-1.ts
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void cutsAudioOnlyStreamsOnTime() {
        feed(segmenter, aacSequenceHeader());
        for (long ts = 0; ts < 5_000; ts += 23) {
            feed(segmenter, aac(ts, 200));
        }
        segmenter.end();
        String playlist = segmenter.playlist("").orElseThrow();
        assertThat(playlist).contains("#EXT-X-TARGETDURATION:2\n")
                .contains("#EXTINF:2.001,\nlive/seg-00000000000000aa-0.ts\n"
                        + "#EXTINF:2.001,\nlive/seg-00000000000000aa-1.ts\n#EXTINF:1.012,\n");
        ByteBuf segment = segmenter.segment(PUBLISH, 0).orElseThrow();
        try {
            // audio carries the PCR: PMT PCR_PID is the audio PID
            assertThat(segment.getUnsignedShort(188 + 13) & 0x1FFF).isEqualTo(0x101);
        } finally {
            segment.release();
        }
    }

    @Test
    void segmentUrisNameTheirPublishAndAnotherPublishsAreNotFound() {
        feedAudioVideo(0, 5_000, 1_000);
        segmenter.end();
        assertThat(segmenter.segmentName(0)).isEqualTo("live/seg-" + PUBLISH + "-0.ts");
        ByteBuf mine = segmenter.segment(PUBLISH, 0).orElseThrow();
        mine.release();
        // A republish starts again at 0: a CDN caching by URI must never take one publish's segment for another's.
        assertThat(segmenter.segment("00000000000000bb", 0)).isEmpty();
        assertThat(HlsSegmenter.newPublishId()).matches("[0-9a-f]{16}").isNotEqualTo(HlsSegmenter.newPublishId());
    }

    @Test
    void waitsForTheSequenceHeaders() {
        feed(segmenter, video(0, true, 100));
        feed(segmenter, aac(0, 100));
        feed(segmenter, avcSequenceHeader());
        feed(segmenter, video(40, false, 100));
        feedAudioVideo(1_000, 5_000, 1_000);
        segmenter.end();
        assertThat(segmenter.playlist("").orElseThrow()).contains("#EXTINF:2.000,\nlive/seg-00000000000000aa-0.ts\n");
    }

    @Test
    void dropsASegmentThatOutgrowsTheCapAndResumesAtTheNextKeyframe() {
        segmenter = new HlsSegmenter("live", PUBLISH, new HlsSettings(2_000, 6, 2, 64 * 1024), alloc);
        feedAudioVideo(0, 4_000, 2_000);
        feed(segmenter, video(4_000, true, 30_000));
        feed(segmenter, video(4_040, false, 30_000)); // past 64 KiB: dropped
        feed(segmenter, video(4_080, false, 30_000));
        feedAudioVideo(6_000, 10_000, 2_000);
        segmenter.end();
        assertThat(segmenter.playlist("").orElseThrow()).contains("""
                #EXTINF:2.000,
                live/seg-00000000000000aa-1.ts
                #EXT-X-DISCONTINUITY
                #EXTINF:2.000,
                live/seg-00000000000000aa-2.ts
                """);
    }

    @Test
    void dropsTheSegmentOnAMalformedFrameAndResumesAtTheNextKeyframe() {
        feedAudioVideo(0, 2_500, 1_000);
        feed(segmenter, videoWithBody(2_520, false, "2701000000" + "000000ff41")); // NAL length beyond the frame
        feedAudioVideo(3_000, 7_000, 1_000);
        segmenter.end();
        assertThat(segmenter.playlist("").orElseThrow()).contains("""
                #EXTINF:2.000,
                live/seg-00000000000000aa-0.ts
                #EXT-X-DISCONTINUITY
                #EXTINF:2.000,
                live/seg-00000000000000aa-1.ts
                """);
    }

    @Test
    void aTrackAppearingLaterIsADiscontinuity() {
        feed(segmenter, avcSequenceHeader());
        for (long ts = 0; ts < 4_000; ts += 40) {
            feed(segmenter, video(ts, ts % 1_000 == 0, 300));
        }
        feed(segmenter, aacSequenceHeader());
        feedAudioVideo(4_000, 8_000, 1_000);
        String playlist = segmenter.playlist("").orElseThrow();
        assertThat(playlist).contains("live/seg-00000000000000aa-1.ts\n#EXT-X-DISCONTINUITY\n"
                + "#EXTINF:2.000,\nlive/seg-00000000000000aa-2.ts\n");
        assertThat(playlist).doesNotContain("DISCONTINUITY-SEQUENCE");
    }

    @Test
    void unsupportedVideoCodecDisablesHls() {
        feed(segmenter, videoWithBody(0, true, "9068766331" + "01")); // enhanced RTMP hvc1 SequenceStart
        feedAudioVideo(0, 5_000, 1_000);
        assertThat(segmenter.playlist("")).isEmpty();
    }

    @Test
    void releaseStopsServingWhileHandedOutDuplicatesStayValid() {
        feedAudioVideo(0, 5_000, 1_000);
        ByteBuf held = segmenter.segment(PUBLISH, 0).orElseThrow();
        segmenter.release();
        assertThat(segmenter.playlist("")).isEmpty();
        assertThat(segmenter.segment(PUBLISH, 0)).isEmpty();
        assertThat(held.getByte(0)).isEqualTo((byte) 0x47);
        assertThat(held.release()).isTrue();
    }

    @Test
    void readersOnOtherThreadsNeverSeeReleasedBytes() throws InterruptedException {
        segmenter = new HlsSegmenter("live", PUBLISH, new HlsSettings(200, 2, 0, 1 << 20), alloc);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger served = new AtomicInteger();
        Pattern lastSegment = Pattern.compile("live/seg-00000000000000aa-(\\d+)\\.ts\\n$");
        Thread reader = new Thread(() -> {
            try {
                while (running.get()) {
                    Optional<String> playlist = segmenter.playlist("");
                    if (playlist.isEmpty()) {
                        continue;
                    }
                    Matcher m = lastSegment.matcher(playlist.get());
                    assertThat(m.find()).isTrue();
                    for (long seq = Long.parseLong(m.group(1)) - 2; seq <= Long.parseLong(m.group(1)); seq++) {
                        segmenter.segment(PUBLISH, seq).ifPresent(segment -> {
                            try {
                                assertThat(segment.readableBytes() % 188).isZero();
                                for (int i = 0; i < segment.readableBytes(); i += 188) {
                                    assertThat(segment.getByte(i)).isEqualTo((byte) 0x47);
                                }
                                served.incrementAndGet();
                            } finally {
                                segment.release();
                            }
                        });
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "hls-reader");
        reader.start();
        feedAudioVideo(0, 60_000, 200);
        running.set(false);
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(served.get()).isPositive();
    }

    private boolean fetch(long sequence) {
        Optional<ByteBuf> segment = segmenter.segment(PUBLISH, sequence);
        segment.ifPresent(ByteBuf::release);
        return segment.isPresent();
    }

    /** 25 fps video with a keyframe every {@code gopMs} and AAC every 23 ms, sequence headers first at 0. */
    private void feedAudioVideo(long fromMs, long toMs, long gopMs) {
        if (fromMs == 0) {
            feed(segmenter, avcSequenceHeader());
            feed(segmenter, aacSequenceHeader());
        }
        long audio = (fromMs + 22) / 23 * 23;
        for (long ts = fromMs; ts < toMs; ts += 40) {
            feed(segmenter, video(ts, ts % gopMs == 0, ts % gopMs == 0 ? 2_000 : 300));
            for (; audio < ts + 40 && audio < toMs; audio += 23) {
                feed(segmenter, aac(audio, 150));
            }
        }
    }
}
