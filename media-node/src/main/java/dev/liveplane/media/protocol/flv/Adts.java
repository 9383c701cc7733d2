package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns an AudioSpecificConfig and a raw AAC frame length into the 7-byte ADTS header (ISO/IEC 14496-3, 1.A.2.2)
 * that makes the frame self-describing, as MPEG-TS stream type 0x0F requires.
 */
public final class Adts {

    /** adts_fixed_header plus adts_variable_header without CRC. */
    public static final int HEADER_LENGTH = 7;
    /** aac_frame_length is 13 bits and counts the header. */
    public static final int MAX_RAW_FRAME_LENGTH = 0x1FFF - HEADER_LENGTH;

    private Adts() {
    }

    /** Whether ADTS can describe the config, i.e. {@link #writeHeader} will accept it. */
    public static boolean canCarry(AudioSpecificConfig cfg) {
        return problemWith(cfg) == null;
    }

    private static String problemWith(AudioSpecificConfig cfg) {
        int objectType = cfg.audioObjectType();
        if (objectType < 1 || objectType > 4) {
            // The 2-bit profile field is object type minus one: Main, LC, SSR, LTP only.
            return "AAC object type " + objectType + " cannot be carried in ADTS";
        }
        if (cfg.samplingFrequencyIndex() >= AudioSpecificConfig.EXPLICIT_FREQUENCY_INDEX) {
            return "ADTS cannot carry an explicit sampling frequency of " + cfg.samplingFrequency() + " Hz";
        }
        int channels = cfg.channelConfiguration();
        if (channels < 1 || channels > 7) {
            // 0 would need the program_config_element in the stream; 3 bits cannot say more than 7.
            return "ADTS cannot carry channel configuration " + channels;
        }
        return null;
    }

    /**
     * Appends the header for one raw frame of {@code rawFrameLength} bytes.
     *
     * @param rawFrameLength bytes of the raw_data_block that follows; the header's own 7 bytes are added to
     *        aac_frame_length here
     * @throws FlvFormatException if ADTS cannot describe the config (object type beyond 4, explicit frequency,
     *         channel configuration 0 or beyond 7) or the frame is longer than 13 bits allow
     */
    public static void writeHeader(ByteBuf out, AudioSpecificConfig cfg, int rawFrameLength) {
        String problem = problemWith(cfg);
        if (problem != null) {
            throw new FlvFormatException(problem);
        }
        if (rawFrameLength < 0 || rawFrameLength > MAX_RAW_FRAME_LENGTH) {
            throw new FlvFormatException("AAC frame of " + rawFrameLength + " bytes exceeds ADTS's "
                    + MAX_RAW_FRAME_LENGTH);
        }
        int objectType = cfg.audioObjectType();
        int frequencyIndex = cfg.samplingFrequencyIndex();
        int channels = cfg.channelConfiguration();
        int frameLength = rawFrameLength + HEADER_LENGTH;
        out.ensureWritable(HEADER_LENGTH);
        out.writeByte(0xFF); // syncword 0xFFF ...
        out.writeByte(0xF1); // ... ID 0 (MPEG-4), layer 00, protection_absent 1 (no CRC)
        out.writeByte(((objectType - 1) << 6) | (frequencyIndex << 2) | (channels >> 2)); // private_bit 0
        // original_copy, home, copyright_identification_bit and _start all 0.
        out.writeByte(((channels & 0x03) << 6) | (frameLength >> 11));
        out.writeByte(frameLength >> 3);
        // adts_buffer_fullness 0x7FF signals a variable bit rate; number_of_raw_data_blocks_in_frame 0 = one block.
        out.writeByte(((frameLength & 0x07) << 5) | 0x1F);
        out.writeByte(0xFC);
    }
}
