package dev.liveplane.media.record;

import dev.liveplane.media.server.stream.MediaFrame;
import java.io.IOException;

/**
 * Writes one recording file of one format from a stream's frames, to the spool, and hands the finished objects to the
 * outbox. Calls come in order on the recorder's thread; a writer starts with the stream's codec configuration and its
 * first frame is a keyframe (or, for a stream without video, an audio frame).
 */
interface RecordingWriter {

    /** Writes one frame (never a sequence header or metadata: those came at the start). */
    void frame(MediaFrame frame) throws IOException;

    /**
     * Finishes the file and submits its last objects with its report.
     *
     * @return the bytes of every object of the file
     */
    long finish(RecordingOutcome.FileEnd end) throws IOException;

    /**
     * Frees what the writer holds after a failure; what it wrote stays on disk, counted in the budget, and its
     * journal with it, so the next start salvages what was whole.
     */
    void abandon();
}
