package dev.liveplane.media.protocol.mp4;

import java.util.List;

/**
 * One track's samples in a fragment: what becomes a {@code traf} with its {@code tfdt} and {@code trun}
 * (ISO/IEC 14496-12, 8.8.6 to 8.8.8), and one contiguous stretch of the fragment's mdat.
 *
 * @param trackId the track_ID the init segment declared
 * @param baseMediaDecodeTime decode time of the first sample, in ticks of the track's timescale: the previous
 *        fragment's base plus the durations of its samples, so decode times run on without a gap
 * @param samples in decode order; not empty
 */
public record Mp4TrackRun(int trackId, long baseMediaDecodeTime, List<Mp4Sample> samples) {

    public Mp4TrackRun {
        if (trackId <= 0) {
            throw new IllegalArgumentException("track_ID must be positive, got " + trackId);
        }
        if (baseMediaDecodeTime < 0) {
            throw new IllegalArgumentException("baseMediaDecodeTime " + baseMediaDecodeTime + " is negative");
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a track run needs at least one sample");
        }
        samples = List.copyOf(samples);
    }

    /** Bytes the run's samples take in the mdat. */
    public long dataLength() {
        long length = 0;
        for (Mp4Sample sample : samples) {
            length += sample.size();
        }
        return length;
    }
}
