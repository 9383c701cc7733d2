package dev.liveplane.media.server.hls;

/**
 * How a node cuts live streams into HLS segments.
 *
 * @param targetDurationMs a segment is cut at the first video keyframe (or, without video, the first audio frame)
 *        at least this long after its start
 * @param windowSize segments the playlist lists
 * @param retainedBeyondWindow segments kept fetchable after they leave the playlist, for players that read the
 *        playlist just before it slid
 * @param maxSegmentBytes a segment growing beyond this (no keyframe for too long) is dropped, and segmenting resumes
 *        at the next keyframe
 */
public record HlsSettings(int targetDurationMs, int windowSize, int retainedBeyondWindow, int maxSegmentBytes) {

    /** 2 s segments, 6 listed, 2 more kept, 16 MiB cap. */
    public static final HlsSettings DEFAULTS = new HlsSettings(2_000, 6, 2, 16 * 1024 * 1024);

    public HlsSettings {
        if (targetDurationMs <= 0) {
            throw new IllegalArgumentException("targetDurationMs must be positive, was " + targetDurationMs);
        }
        if (windowSize <= 0) {
            throw new IllegalArgumentException("windowSize must be positive, was " + windowSize);
        }
        if (retainedBeyondWindow < 0) {
            throw new IllegalArgumentException("retainedBeyondWindow must not be negative, was "
                    + retainedBeyondWindow);
        }
        if (maxSegmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxSegmentBytes must be at least 64 KiB, was " + maxSegmentBytes);
        }
    }
}
