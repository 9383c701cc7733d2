package dev.liveplane.media.protocol.mp4;

import io.netty.buffer.ByteBuf;

/**
 * Turns a track's codec configuration into its sample entry: {@code avc1} with {@code avcC} (ISO/IEC 14496-15) or
 * {@code mp4a} with {@code esds} (ISO/IEC 14496-14, 5.6).
 */
final class SampleEntries {

    private static final int AVC1 = Mp4Box.fourCc("avc1");
    private static final int AVCC = Mp4Box.fourCc("avcC");
    private static final int MP4A = Mp4Box.fourCc("mp4a");
    private static final int ESDS = Mp4Box.fourCc("esds");
    /** 72 dpi in 16.16 fixed point, the value 14496-12 12.1.3.2 prescribes for horizresolution and vertresolution. */
    private static final int DPI_72 = 0x0048_0000;
    // ISO/IEC 14496-1 descriptor tags (7.2.2.1) and values.
    private static final int ES_DESCRIPTOR_TAG = 0x03;
    private static final int DECODER_CONFIG_DESCRIPTOR_TAG = 0x04;
    private static final int DECODER_SPECIFIC_INFO_TAG = 0x05;
    private static final int SL_CONFIG_DESCRIPTOR_TAG = 0x06;
    /** objectTypeIndication 0x40: Audio ISO/IEC 14496-3 (7.2.6.6.2). */
    private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
    /** streamType 0x05 (AudioStream) in 6 bits, upStream 0, reserved 1. */
    private static final int STREAM_TYPE_AUDIO = 0x05 << 2 | 1;
    /** SLConfigDescriptor predefined 2: reserved for use in MP4 files (ISO/IEC 14496-1, 7.3.2.3). */
    private static final int SL_PREDEFINED_MP4 = 0x02;

    private SampleEntries() {
    }

    static void write(ByteBuf out, Mp4Track track) {
        if (track.kind() == Mp4Track.Kind.VIDEO) {
            writeAvc1(out, track);
        } else {
            writeMp4a(out, track);
        }
    }

    /** VisualSampleEntry (14496-12, 12.1.3.2) followed by the AVCConfigurationBox. */
    private static void writeAvc1(ByteBuf out, Mp4Track track) {
        int start = beginSampleEntry(out, AVC1);
        out.writeShort(0); // pre_defined
        out.writeShort(0); // reserved
        out.writeZero(12); // pre_defined[3]
        out.writeShort(track.width());
        out.writeShort(track.height());
        out.writeInt(DPI_72);
        out.writeInt(DPI_72);
        out.writeInt(0); // reserved
        out.writeShort(1); // frame_count: one frame per sample
        out.writeZero(32); // compressorname: empty, as a length byte of 0 padded to 32 bytes
        out.writeShort(0x0018); // depth: colour with no alpha
        out.writeShort(0xFFFF); // pre_defined = -1
        int avcC = Mp4Box.begin(out, AVCC);
        out.writeBytes(track.codecConfig());
        Mp4Box.end(out, avcC);
        Mp4Box.end(out, start);
    }

    /** AudioSampleEntry (14496-12, 12.2.3.2) followed by the ESDBox. */
    private static void writeMp4a(ByteBuf out, Mp4Track track) {
        int start = beginSampleEntry(out, MP4A);
        out.writeZero(8); // reserved
        out.writeShort(channelCount(track.channelConfiguration()));
        out.writeShort(16); // samplesize
        out.writeShort(0); // pre_defined
        out.writeShort(0); // reserved
        // 16.16 fixed point cannot say 88.2 or 96 kHz; 0 then, and decoders take the rate from the esds anyway.
        int rate = track.timescale();
        out.writeInt(rate <= 0xFFFF ? rate << 16 : 0);
        writeEsds(out, track.codecConfig());
        Mp4Box.end(out, start);
    }

    /** SampleEntry (14496-12, 8.5.2.2): six reserved bytes, then data_reference_index 1, the dref's only entry. */
    private static int beginSampleEntry(ByteBuf out, int format) {
        int start = Mp4Box.begin(out, format);
        out.writeZero(6);
        out.writeShort(1);
        return start;
    }

    /**
     * channelcount (14496-12, 12.2.3.3) for players that read it; decoders follow the AudioSpecificConfig, so a
     * layout this cannot name (0 = a program_config_element, or a value 14496-3 reserves) says stereo, as ffmpeg does.
     */
    private static int channelCount(int channelConfiguration) {
        return switch (channelConfiguration) {
            case 1, 2, 3, 4, 5, 6 -> channelConfiguration;
            case 7 -> 8; // 14496-3 1.6.3.5: seven full-range channels plus LFE
            default -> 2;
        };
    }

    /**
     * ESDBox (14496-14, 5.6.1): an ES_Descriptor with ES_ID 0 (a stored stream is named by its track_ID) holding a
     * DecoderConfigDescriptor for MPEG-4 audio, the AudioSpecificConfig as its DecoderSpecificInfo, and the
     * predefined MP4 SLConfigDescriptor. Buffer size and bit rates are 0: a live stream does not know them.
     */
    private static void writeEsds(ByteBuf out, byte[] audioSpecificConfig) {
        int decoderSpecificInfo = descriptorLength(audioSpecificConfig.length);
        int decoderConfig = descriptorLength(13 + decoderSpecificInfo);
        int slConfig = descriptorLength(1);
        int start = Mp4Box.beginFull(out, ESDS, 0, 0);
        writeDescriptorHeader(out, ES_DESCRIPTOR_TAG, 3 + decoderConfig + slConfig);
        out.writeShort(0); // ES_ID
        out.writeByte(0); // streamDependenceFlag, URL_Flag, OCRstreamFlag 0; streamPriority 0
        writeDescriptorHeader(out, DECODER_CONFIG_DESCRIPTOR_TAG, 13 + decoderSpecificInfo);
        out.writeByte(OBJECT_TYPE_MPEG4_AUDIO);
        out.writeByte(STREAM_TYPE_AUDIO);
        out.writeMedium(0); // bufferSizeDB
        out.writeInt(0); // maxBitrate
        out.writeInt(0); // avgBitrate: 0 means variable or unknown (7.2.6.6.2)
        writeDescriptorHeader(out, DECODER_SPECIFIC_INFO_TAG, audioSpecificConfig.length);
        out.writeBytes(audioSpecificConfig);
        writeDescriptorHeader(out, SL_CONFIG_DESCRIPTOR_TAG, 1);
        out.writeByte(SL_PREDEFINED_MP4);
        Mp4Box.end(out, start);
    }

    /** A descriptor's whole length: tag byte, size bytes and contents. */
    private static int descriptorLength(int contentLength) {
        return 1 + sizeBytes(contentLength) + contentLength;
    }

    /** sizeOfInstance (14496-1, 8.3.3): 7 bits a byte, most significant first, high bit set on all but the last. */
    private static int sizeBytes(int size) {
        int bytes = 1;
        while (size >>> (7 * bytes) != 0) {
            bytes++;
        }
        return bytes;
    }

    private static void writeDescriptorHeader(ByteBuf out, int tag, int size) {
        out.writeByte(tag);
        for (int i = sizeBytes(size) - 1; i >= 0; i--) {
            out.writeByte((size >>> (7 * i)) & 0x7F | (i > 0 ? 0x80 : 0));
        }
    }
}
