package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns the header at the start of an audio tag body (FLV spec v10.1, E.4.2.1, AudioTagHeader) into sound format,
 * rate, size, channels and, for AAC, the AACPacketType.
 *
 * @param soundFormat the codec
 * @param soundRate SoundRate code: 0 = 5.5 kHz, 1 = 11 kHz, 2 = 22 kHz, 3 = 44 kHz (always 3 for AAC, which carries
 *        its real rate in the AudioSpecificConfig)
 * @param sixteenBit SoundSize: 16-bit rather than 8-bit samples
 * @param stereo SoundType: stereo rather than mono
 * @param aacSequenceHeader AACPacketType 0: the data is an AudioSpecificConfig rather than a raw frame
 * @param dataOffset where the codec data starts in the body
 */
public record AudioTag(SoundFormat soundFormat, int soundRate, boolean sixteenBit, boolean stereo,
        boolean aacSequenceHeader, int dataOffset) {

    /** SoundFormat (UB[4]). */
    public enum SoundFormat {
        LINEAR_PCM_PLATFORM_ENDIAN, ADPCM, MP3, LINEAR_PCM_LITTLE_ENDIAN, NELLYMOSER_16KHZ_MONO, NELLYMOSER_8KHZ_MONO,
        NELLYMOSER, G711_A_LAW, G711_MU_LAW,
        /** 9: reserved in v10.1; Enhanced RTMP v2 uses it for the ExAudioTagHeader (Opus, FLAC, AC-3, ...). */
        EX_HEADER,
        AAC, SPEEX, RESERVED_12, RESERVED_13, MP3_8KHZ, DEVICE_SPECIFIC
    }

    /**
     * Parses the header of an audio tag body without moving its reader index.
     *
     * @throws FlvFormatException if the header is truncated, the format is reserved or the AACPacketType is unknown
     */
    public static AudioTag parse(ByteBuf body) {
        int start = body.readerIndex();
        int length = body.readableBytes();
        if (length < 1) {
            throw new FlvFormatException("empty audio tag");
        }
        int first = body.getUnsignedByte(start);
        SoundFormat format = SoundFormat.values()[first >> 4];
        if (format == SoundFormat.RESERVED_12 || format == SoundFormat.RESERVED_13) {
            throw new FlvFormatException("reserved audio SoundFormat " + (first >> 4));
        }
        int rate = (first >> 2) & 0x03;
        boolean sixteenBit = (first & 0x02) != 0;
        boolean stereo = (first & 0x01) != 0;
        if (format != SoundFormat.AAC) {
            return new AudioTag(format, rate, sixteenBit, stereo, false, 1);
        }
        if (length < 2) {
            throw new FlvFormatException("AAC audio tag header needs 2 bytes, got " + length);
        }
        int aacPacketType = body.getUnsignedByte(start + 1);
        if (aacPacketType > 1) {
            throw new FlvFormatException("unknown AACPacketType " + aacPacketType);
        }
        return new AudioTag(format, rate, sixteenBit, stereo, aacPacketType == 0, 2);
    }
}
