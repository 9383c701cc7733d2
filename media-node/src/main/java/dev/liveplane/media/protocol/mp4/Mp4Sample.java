package dev.liveplane.media.protocol.mp4;

/**
 * One sample's entry in a track run (ISO/IEC 14496-12, 8.8.8): how many bytes it takes in the mdat and how it is
 * timed, in ticks of its track's timescale.
 *
 * @param size bytes of the sample in the mdat
 * @param duration decode time until the next sample of the track; unsigned 32-bit
 * @param compositionOffset composition time minus decode time (PTS - DTS), signed
 * @param sync whether decoding can start at this sample (an IDR access unit; every AAC frame)
 */
public record Mp4Sample(int size, long duration, int compositionOffset, boolean sync) {

    public Mp4Sample {
        if (size < 0) {
            throw new IllegalArgumentException("sample size " + size + " is negative");
        }
        if (duration < 0 || duration > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("sample duration " + duration + " does not fit in 32 unsigned bits");
        }
    }
}
