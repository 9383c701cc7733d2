package dev.liveplane.media.record;

import dev.liveplane.media.protocol.flv.FlvHeader;
import dev.liveplane.media.protocol.flv.FlvTagWriter;
import dev.liveplane.media.server.stream.CodecConfig;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Writes a stream's frames as one FLV file: the header and sequence headers at 0, then every frame with
 * its timestamp made relative to the file's first, so each file of a long stream plays from 0. What is on disk is
 * whole up to the last keyframe (or 256 KiB) written, and the journal says so.
 */
final class FlvRecordingWriter implements RecordingWriter {

    /**
     * Tags gather in memory up to this much before a write: a system call per frame cost 50 streams a tenth of a core
     * (bench/recording.sh), and the file being written is not read before it is finished.
     */
    private static final int WRITE_BYTES = 256 * 1024;

    private final RecordingFile file;
    private final SpoolFile out;
    private final RecordingJournal journal;
    private final ByteBuf scratch;
    private final long baseTimestamp;
    /** The timestamp, relative to the file's start, of the last tag gathered. */
    private long lastRelative;

    FlvRecordingWriter(RecordingFile file, CodecConfig config, long baseTimestamp) throws IOException {
        this.file = file;
        this.baseTimestamp = baseTimestamp;
        this.out = new SpoolFile(file, ".flv");
        this.scratch = file.alloc().buffer(WRITE_BYTES + 64 * 1024);
        RecordingJournal started = null;
        try {
            started = RecordingJournal.open(file, RecordingFormat.FLV, out.path(), 0);
            FlvHeader.write(scratch, config.audio() != null, config.video() != null);
            // The publisher's onMetaData is left out: its duration and file size describe the live stream, not this
            // file, and players (ffprobe too) would believe them; the sequence headers carry what decoders need.
            for (MediaFrame frame : new MediaFrame[] {config.video(), config.audio()}) {
                if (frame != null) {
                    FlvTagWriter.write(scratch, frame.tagType(), 0, frame.payload());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (started != null) {
                started.delete();
            }
            out.close();
            scratch.release();
            throw e;
        }
        this.journal = started;
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    @Override
    public void frame(MediaFrame frame) throws IOException {
        long relative = Math.max(0, frame.timestamp() - baseTimestamp);
        if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe() && scratch.isReadable()) {
            flush(); // a GOP at a time at least, so a crash loses at most the GOP being written
        }
        FlvTagWriter.write(scratch, frame.tagType(), relative, frame.payload());
        lastRelative = relative;
        if (scratch.readableBytes() >= WRITE_BYTES) {
            flush();
        }
    }

    @Override
    public long finish(RecordingOutcome.FileEnd end) throws IOException {
        try {
            out.write(scratch);
            out.force();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        out.close();
        scratch.release();
        file.submit(out, journal, out.bytes(), end);
        return out.bytes();
    }

    @Override
    public void abandon() {
        out.close();
        journal.close();
        if (scratch.refCnt() > 0) {
            scratch.release();
        }
    }

    private void flush() throws IOException {
        out.write(scratch);
        scratch.clear();
        journal.checkpoint(out.bytes(), lastRelative);
    }
}
