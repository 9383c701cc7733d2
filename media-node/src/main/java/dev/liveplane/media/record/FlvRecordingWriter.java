package dev.liveplane.media.record;

import dev.liveplane.media.protocol.flv.FlvHeader;
import dev.liveplane.media.protocol.flv.FlvTagWriter;
import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.time.Instant;

/**
 * Writes a stream's frames as one FLV file: the header and sequence headers at 0, then every frame with
 * its timestamp made relative to the file's first, so each file of a long stream plays from 0.
 */
final class FlvRecordingWriter implements RecordingWriter {

    /**
     * Tags gather in memory up to this much before a write: a system call per frame cost 50 streams a tenth of a core
     * (bench/recording.sh), and the file being written is not read before it is finished.
     */
    private static final int WRITE_BYTES = 256 * 1024;

    private final RecordingFile file;
    private final SpoolFile out;
    private final ByteBuf scratch;
    private final long baseTimestamp;

    FlvRecordingWriter(RecordingFile file, CodecConfig config, long baseTimestamp) throws IOException {
        this.file = file;
        this.baseTimestamp = baseTimestamp;
        this.out = new SpoolFile(file, ".flv");
        this.scratch = file.alloc().buffer(WRITE_BYTES + 64 * 1024);
        try {
            FlvHeader.write(scratch, config.audio() != null, config.video() != null);
            // The publisher's onMetaData is left out: its duration and file size describe the live stream, not this
            // file, and players (ffprobe too) would believe them; the sequence headers carry what decoders need.
            for (MediaFrame frame : new MediaFrame[] {config.video(), config.audio()}) {
                if (frame != null) {
                    FlvTagWriter.write(scratch, frame.tagType(), 0, frame.payload());
                }
            }
            flush();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    @Override
    public void frame(MediaFrame frame) throws IOException {
        FlvTagWriter.write(scratch, frame.tagType(), Math.max(0, frame.timestamp() - baseTimestamp),
                frame.payload());
        if (scratch.readableBytes() >= WRITE_BYTES) {
            flush();
        }
    }

    @Override
    public void finish(Instant end, RecordingFile.Outcomes outcomes) throws IOException {
        try {
            flush();
            out.force();
        } finally {
            abandon();
        }
        file.submit(out, RecordingFormat.FLV, out.bytes(), end, outcomes);
    }

    @Override
    public void abandon() {
        out.close();
        if (scratch.refCnt() > 0) {
            scratch.release();
        }
    }

    private void flush() throws IOException {
        out.write(scratch);
        scratch.clear();
    }
}
