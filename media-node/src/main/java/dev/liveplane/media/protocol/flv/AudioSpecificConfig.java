package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns an AudioSpecificConfig (ISO/IEC 14496-3, 1.6.2.1), the body of an AAC sequence header tag, into the object
 * type, sampling frequency and channel configuration an ADTS header needs.
 *
 * @param audioObjectType the core object type (2 = AAC LC); for explicitly signalled SBR/PS (HE-AAC, object types 5
 *        and 29) the underlying type that follows the extension, as ADTS carries it
 * @param samplingFrequencyIndex index into the table of 1.6.3.4, or 15 when the frequency is explicit
 * @param samplingFrequency the core sampling frequency in Hz
 * @param channelConfiguration 1.6.3.5: 0 = defined by a program_config_element, 1..7 = channel layouts
 */
public record AudioSpecificConfig(int audioObjectType, int samplingFrequencyIndex, int samplingFrequency,
        int channelConfiguration) {

    /** samplingFrequencyIndex meaning an explicit 24-bit frequency follows. */
    public static final int EXPLICIT_FREQUENCY_INDEX = 15;

    private static final int[] SAMPLING_FREQUENCIES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    };
    private static final int AOT_SBR = 5;
    private static final int AOT_PS = 29;
    private static final int AOT_ESCAPE = 31;

    /**
     * Parses the readable bytes of {@code in} without moving its reader index. Trailing fields (GASpecificConfig,
     * the backward-compatible SBR sync extension ffmpeg and OBS append) are not needed for ADTS and are ignored.
     *
     * @throws FlvFormatException if the config is truncated or uses a reserved object type or frequency index
     */
    public static AudioSpecificConfig parse(ByteBuf in) {
        BitCursor bits = new BitCursor(in);
        int objectType = readObjectType(bits);
        int frequencyIndex = bits.read(4);
        int frequency = readFrequency(bits, frequencyIndex);
        int channels = bits.read(4);
        if (objectType == AOT_SBR || objectType == AOT_PS) {
            // 1.6.2.1: explicit hierarchical signalling; the extension rate is SBR's, ADTS keeps the core one.
            readFrequency(bits, bits.read(4));
            objectType = readObjectType(bits);
            if (objectType == AOT_SBR || objectType == AOT_PS) {
                throw new FlvFormatException("AudioSpecificConfig nests SBR/PS signalling");
            }
        }
        return new AudioSpecificConfig(objectType, frequencyIndex, frequency, channels);
    }

    private static int readObjectType(BitCursor bits) {
        int objectType = bits.read(5);
        if (objectType == AOT_ESCAPE) {
            objectType = 32 + bits.read(6);
        }
        if (objectType == 0) {
            throw new FlvFormatException("AudioSpecificConfig object type 0 is null");
        }
        return objectType;
    }

    private static int readFrequency(BitCursor bits, int index) {
        if (index == EXPLICIT_FREQUENCY_INDEX) {
            int frequency = bits.read(24);
            if (frequency == 0) {
                throw new FlvFormatException("AudioSpecificConfig sampling frequency 0");
            }
            return frequency;
        }
        if (index >= SAMPLING_FREQUENCIES.length) {
            throw new FlvFormatException("reserved samplingFrequencyIndex " + index);
        }
        return SAMPLING_FREQUENCIES[index];
    }

    /** MSB-first bits over the readable bytes of a buffer, leaving its indexes alone. */
    private static final class BitCursor {
        private final ByteBuf in;
        private final long endBit;
        private long bit;

        BitCursor(ByteBuf in) {
            this.in = in;
            this.bit = (long) in.readerIndex() * 8;
            this.endBit = (long) in.writerIndex() * 8;
        }

        int read(int count) {
            if (endBit - bit < count) {
                throw new FlvFormatException("AudioSpecificConfig is truncated");
            }
            int value = 0;
            for (int i = 0; i < count; i++, bit++) {
                int b = in.getUnsignedByte((int) (bit >>> 3));
                value = (value << 1) | ((b >> (7 - (int) (bit & 7))) & 1);
            }
            return value;
        }
    }
}
