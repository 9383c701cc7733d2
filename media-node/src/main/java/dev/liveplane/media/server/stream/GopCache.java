package dev.liveplane.media.server.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the frames since the last video keyframe so a late joiner starts decoding at once. Touched only on the
 * stream's event loop. Bounded: a GOP larger than the limit is dropped and caching resumes at the next keyframe.
 */
final class GopCache {

    private final long maxBytes;
    private final List<MediaFrame> frames = new ArrayList<>();
    private long bytes;

    GopCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(MediaFrame frame) {
        if (frame.kind() == MediaFrame.Kind.VIDEO && frame.keyframe()) {
            clear();
        } else if (frames.isEmpty()) {
            return; // no keyframe yet: nothing a decoder could start on
        }
        int size = frame.payload().readableBytes();
        if (bytes + size > maxBytes) {
            clear();
            return;
        }
        frames.add(frame.retain());
        bytes += size;
    }

    List<MediaFrame> frames() {
        return frames;
    }

    void clear() {
        for (MediaFrame frame : frames) {
            frame.release();
        }
        frames.clear();
        bytes = 0;
    }
}
