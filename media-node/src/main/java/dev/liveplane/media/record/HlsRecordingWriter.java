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
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stream's frames as one HLS cycle: MPEG-TS segments cut at keyframes by the same {@link TsSegmenter} live
 * HLS uses, each uploaded as soon as it is finished ({@code {key}-{n}.ts}), and at the end a VOD playlist listing them
 * by name relative to it ({@code {key}.m3u8}), reported once every segment is up.
 */
final class HlsRecordingWriter implements RecordingWriter {

    private static final int MAX_SEGMENT_BYTES = 64 << 20;
    static final String SEGMENT_TYPE = "video/mp2t";

    private final RecordingFile file;
    private final RecordingJournal journal;
    private final TsSegmenter segmenter;
    private final String segmentKeyBase;
    private final List<MediaSegment> segments = new ArrayList<>();
    private final int targetDurationSeconds;
    private long bytes;

    HlsRecordingWriter(RecordingFile file, CodecConfig config, int segmentMillis) throws IOException {
        this.file = file;
        // Segments are named before the cycle's end is known: {end} stays empty in their keys.
        this.segmentKeyBase = file.key(null);
        this.targetDurationSeconds = MediaPlaylist.targetDurationFor(segmentMillis);
        this.journal = RecordingJournal.open(file, RecordingFormat.HLS, null, targetDurationSeconds);
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
    public long finish(RecordingOutcome.FileEnd end) throws IOException {
        try {
            segmenter.end();
        } finally {
            segmenter.release();
        }
        try (SpoolFile out = new SpoolFile(file, ".m3u8")) {
            out.write(Unpooled.wrappedBuffer(playlist(targetDurationSeconds, segments)));
            out.force();
            bytes += out.bytes();
            file.submit(out, journal, bytes, end);
        } catch (IOException | RuntimeException e) {
            journal.close(); // the segments it names are salvaged at the next start
            throw e;
        }
        return bytes;
    }

    @Override
    public void abandon() {
        segmenter.release();
        journal.close();
    }

    /** The VOD playlist of a cycle's segments, named relative to it. */
    static byte[] playlist(int targetDurationSeconds, List<MediaSegment> segments) {
        return new MediaPlaylist(targetDurationSeconds, 0, 0, segments, true).render("")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A segment's name in its playlist: its key's last part, as the playlist sits beside it. */
    static String segmentName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
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
                segments.add(new MediaSegment(segmentName(key), segment.durationMs(), segment.discontinuity()));
                // Journaled before the outbox takes it: a crash in between leaves it here for the salvage to send.
                journal.segment(bytes, segment.durationMs(), out.path(), key, segment.discontinuity());
                file.outbox().submit(out.path(), key, SEGMENT_TYPE, null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hls segment of " + file.stream(), e);
        } finally {
            data.release();
        }
    }
}
