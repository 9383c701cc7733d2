package dev.liveplane.media.protocol.mp4;

import dev.liveplane.media.protocol.flv.AudioSpecificConfig;
import dev.liveplane.media.protocol.flv.AvcDecoderConfigurationRecord;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Turns a codec configuration (an AVC sequence header or an AAC AudioSpecificConfig) into one track of a fragmented
 * MP4: its track_ID, timescale, picture size or channel layout, and the configuration bytes its sample entry carries.
 *
 * <p>Video counts in 90 kHz, which turns the millisecond timestamps of RTMP and FLV into ticks exactly (x90) and is
 * the clock of MPEG-TS PTS, so HLS segments and fMP4 share timestamps. Audio counts in its sampling rate, as ffmpeg's
 * mp4 muxer and HLS/DASH packagers do, so an AAC frame is a whole 1024 ticks for callers that know sample counts;
 * from milliseconds each timestamp is rounded to the nearest tick, so a sample is off by at most half a tick and
 * the error never adds up.
 */
public final class Mp4Track {

    /** Fixed track IDs, so init segments and fragments agree and an audio-only rendition keeps its ID. */
    public static final int VIDEO_TRACK_ID = 1;
    public static final int AUDIO_TRACK_ID = 2;
    public static final int VIDEO_TIMESCALE = 90_000;
    /** An AAC frame holds 1024 samples per channel (ISO/IEC 14496-3, GASpecificConfig with frameLengthFlag 0). */
    static final int AAC_FRAME_SAMPLES = 1024;
    /** What a lone video sample lasts when nothing follows it: one frame at 30 fps. */
    private static final int DEFAULT_VIDEO_FRAME_TICKS = VIDEO_TIMESCALE / 30;

    /** What a track carries. */
    public enum Kind { VIDEO, AUDIO }

    private final Kind kind;
    private final int timescale;
    private final byte[] codecConfig;
    private final int width;
    private final int height;
    private final int channelConfiguration;

    private Mp4Track(Kind kind, int timescale, byte[] codecConfig, int width, int height, int channelConfiguration) {
        this.kind = kind;
        this.timescale = timescale;
        this.codecConfig = codecConfig;
        this.width = width;
        this.height = height;
        this.channelConfiguration = channelConfiguration;
    }

    /**
     * An H.264 track whose {@code avcC} is the record's bytes, verbatim (ISO/IEC 14496-15, 5.3.3.1), so the High
     * profile chroma and bit depth fields survive; the picture size comes from its first SPS.
     *
     * @param decoderConfigurationRecord the AVC sequence header's body (after the 5-byte FLV video tag header), not
     *        consumed; its bytes are copied
     * @throws FlvFormatException if the record cannot be parsed
     */
    public static Mp4Track avc(ByteBuf decoderConfigurationRecord) {
        AvcDecoderConfigurationRecord record = AvcDecoderConfigurationRecord.parse(decoderConfigurationRecord);
        return new Mp4Track(Kind.VIDEO, VIDEO_TIMESCALE, ByteBufUtil.getBytes(decoderConfigurationRecord),
                record.width(), record.height(), 0);
    }

    /**
     * An AAC track whose {@code esds} carries the AudioSpecificConfig verbatim (ISO/IEC 14496-3, 1.6.2.1), trailing
     * SBR signalling included; the timescale is its core sampling frequency.
     *
     * @param audioSpecificConfig the AAC sequence header's body (after the 2-byte FLV audio tag header), not
     *        consumed; its bytes are copied
     * @throws FlvFormatException if the config cannot be parsed
     */
    public static Mp4Track aac(ByteBuf audioSpecificConfig) {
        AudioSpecificConfig config = AudioSpecificConfig.parse(audioSpecificConfig);
        return new Mp4Track(Kind.AUDIO, config.samplingFrequency(), ByteBufUtil.getBytes(audioSpecificConfig), 0, 0,
                config.channelConfiguration());
    }

    public Kind kind() {
        return kind;
    }

    /** {@link #VIDEO_TRACK_ID} or {@link #AUDIO_TRACK_ID}. */
    public int trackId() {
        return kind == Kind.VIDEO ? VIDEO_TRACK_ID : AUDIO_TRACK_ID;
    }

    /** Ticks per second of the track's decode and composition times (the mdhd timescale). */
    public int timescale() {
        return timescale;
    }

    /** Milliseconds as ticks of this track, rounded half up: exact for video, within half a tick for audio. */
    public long ticks(long ms) {
        return Math.floorDiv(ms * timescale + 500, 1000);
    }

    /** Cropped picture width of a video track; 0 for audio. */
    public int width() {
        return width;
    }

    /** Cropped picture height of a video track; 0 for audio. */
    public int height() {
        return height;
    }

    /** The avcC or AudioSpecificConfig bytes; shared, do not modify. */
    byte[] codecConfig() {
        return codecConfig;
    }

    /** channelConfiguration of the AudioSpecificConfig (ISO/IEC 14496-3, 1.6.3.5); 0 for video. */
    int channelConfiguration() {
        return channelConfiguration;
    }

    /** The duration given to a track's last sample when no earlier sample tells how long samples last. */
    long defaultSampleDuration() {
        return kind == Kind.VIDEO ? DEFAULT_VIDEO_FRAME_TICKS : AAC_FRAME_SAMPLES;
    }

    @Override
    public String toString() {
        return kind == Kind.VIDEO ? "Mp4Track(avc1 " + width + "x" + height + ")"
                : "Mp4Track(mp4a " + timescale + " Hz, channelConfiguration " + channelConfiguration + ")";
    }
}
