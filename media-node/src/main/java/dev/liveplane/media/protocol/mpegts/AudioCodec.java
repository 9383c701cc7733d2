package dev.liveplane.media.protocol.mpegts;

/** Audio codecs the muxer carries, with their PMT stream_type (ISO/IEC 13818-1, Table 2-34). */
public enum AudioCodec {
    /** AAC in ADTS framing (ISO/IEC 13818-7 audio with ADTS transport syntax). */
    AAC(0x0F),
    /**
     * MPEG-1 audio; ffmpeg declares MP3 this way whatever its sampling rate, and demuxers accept MPEG-2 low sampling
     * rate frames under it.
     */
    MP3(0x03);

    private final int streamType;

    AudioCodec(int streamType) {
        this.streamType = streamType;
    }

    public int streamType() {
        return streamType;
    }
}
