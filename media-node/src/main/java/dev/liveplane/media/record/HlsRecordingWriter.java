package dev.liveplane.media.record;

import dev.liveplane.media.protocol.hls.MediaPlaylist;
import dev.liveplane.media.protocol.hls.MediaSegment;
import dev.liveplane.media.server.hls.HlsSegment;
import dev.liveplane.media.server.hls.HlsSettings;
import dev.liveplane.media.server.hls.TsSegmenter;
import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stream's frames as one HLS cycle: MPEG-TS segments cut at keyframes by the same {@link TsSegmenter} live
 * HLS uses, each uploaded as soon as it is finished ({@code {key}-{n}.ts}), and at the end a VOD playlist listing them
 * by name relative to it ({@code {key}.m3u8}), reported once every segment is up.
 */
final class HlsRecordingWriter implements RecordingWriter {

    private static final int MAX_SEGMENT_BYTES = 64 << 20;

    private final RecordingFile file;
    private final TsSegmenter segmenter;
    private final String segmentKeyBase;
    private final List<MediaSegment> segments = new ArrayList<>();
    private final int targetDurationSeconds;
    private long bytes;

    HlsRecordingWriter(RecordingFile file, CodecConfig config, int segmentMillis) {
        this.file = file;
        // Segments are named before the cycle's end is known: {end} stays empty in their keys.
        this.segmentKeyBase = file.key(null);
        this.targetDurationSeconds = MediaPlaylist.targetDurationFor(segmentMillis);
        this.segmenter = new TsSegmenter(file.stream(), new HlsSettings(segmentMillis, 1, 0, MAX_SEGMENT_BYTES),
                file.alloc(), this::segmentDone);
        for (MediaFrame header : new MediaFrame[] {config.video(), config.audio()}) {
            if (header != null) {
                segmenter.onFrame(header);
            }
        }
    }

    @Override
    public void frame(MediaFrame frame) {
        segmenter.onFrame(frame);
    }

    @Override
    public void finish(Instant end, RecordingFile.Outcomes outcomes) throws IOException {
        segmenter.end();
        segmenter.release();
        byte[] playlist = new MediaPlaylist(targetDurationSeconds, 0, 0, segments, true).render("")
                .getBytes(StandardCharsets.UTF_8);
        try (SpoolFile out = new SpoolFile(file, ".m3u8")) {
            out.write(Unpooled.wrappedBuffer(playlist));
            out.force();
            bytes += out.bytes();
            file.submit(out, RecordingFormat.HLS, bytes, end, outcomes);
        }
    }

    @Override
    public void abandon() {
        segmenter.release();
    }

    /** Writes a finished segment to the spool and queues its upload; on the recorder's thread. */
    private void segmentDone(HlsSegment segment) {
        ByteBuf data = segment.data();
        try {
            String key = segmentKeyBase + "-" + segments.size() + ".ts";
            try (SpoolFile out = new SpoolFile(file, ".ts")) {
                out.write(data);
                out.force();
                bytes += out.bytes();
                segments.add(new MediaSegment(key.substring(key.lastIndexOf('/') + 1), segment.durationMs(),
                        segment.discontinuity()));
                file.outbox().submit(out.path(), key, "video/mp2t", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hls segment of " + file.stream(), e);
        } finally {
            data.release();
        }
    }
}
