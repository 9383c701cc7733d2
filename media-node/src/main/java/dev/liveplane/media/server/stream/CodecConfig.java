package dev.liveplane.media.server.stream;

/**
 * A stream's codec configuration as a decoder or muxer needs it before the frames: the latest {@code onMetaData} and
 * the AVC/HEVC and AAC sequence headers, each lent for the call like any frame (retain to keep).
 *
 * @param metadata the {@code onMetaData} script body, or null when the publisher sent none
 * @param video    the video sequence header (decoder configuration record), or null before one arrived
 * @param audio    the audio sequence header (AudioSpecificConfig), or null before one arrived
 */
public record CodecConfig(MediaFrame metadata, MediaFrame video, MediaFrame audio) {

    /** Retains each frame present, for a holder on another thread; release with {@link #release()}. */
    CodecConfig retain() {
        for (MediaFrame frame : frames()) {
            frame.retain();
        }
        return this;
    }

    void release() {
        for (MediaFrame frame : frames()) {
            frame.release();
        }
    }

    /** The frames present, metadata first: what a late joiner gets before the GOP. */
    MediaFrame[] frames() {
        int count = (metadata != null ? 1 : 0) + (video != null ? 1 : 0) + (audio != null ? 1 : 0);
        MediaFrame[] frames = new MediaFrame[count];
        int i = 0;
        for (MediaFrame frame : new MediaFrame[] {metadata, video, audio}) {
            if (frame != null) {
                frames[i++] = frame;
            }
        }
        return frames;
    }
}
