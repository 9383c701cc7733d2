package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns the header at the start of a video tag body into frame type, codec, packet type and composition time: the
 * legacy VideoTagHeader (FLV spec v10.1, E.4.3.1) and, far enough to name the codec, the enhanced-RTMP
 * ExVideoTagHeader (Enhanced RTMP v1, "Extending FLV video").
 *
 * @param frameType what a decoder can do with the frame
 * @param codec the codec, which callers check before reading the data
 * @param packetType what the data after the header is
 * @param compositionTimeMs PTS minus DTS in milliseconds (signed); 0 where the header has no CompositionTime
 * @param dataOffset where the codec data starts in the body (AVCDecoderConfigurationRecord or AVCC NAL units for AVC)
 */
public record VideoTag(FrameType frameType, Codec codec, PacketType packetType, int compositionTimeMs,
        int dataOffset) {

    private static final int EX_HEADER_BIT = 0x80;

    /** FrameType (UB[4] legacy, UB[3] enhanced; same values). */
    public enum FrameType {
        KEY, INTER, DISPOSABLE_INTER, GENERATED_KEY, INFO_COMMAND;

        static FrameType of(int value) {
            if (value < 1 || value > 5) {
                throw new FlvFormatException("reserved video FrameType " + value);
            }
            return values()[value - 1];
        }
    }

    /** Legacy CodecID values and the enhanced-RTMP FourCCs this node can name. */
    public enum Codec {
        SORENSON_H263("Sorenson H.263"), SCREEN_VIDEO("Screen video"), VP6("On2 VP6"), VP6_ALPHA("On2 VP6 alpha"),
        SCREEN_VIDEO_V2("Screen video v2"), AVC("H.264"), HEVC("H.265 (hvc1)"), AV1("AV1 (av01)"), VP9("VP9 (vp09)");

        private final String label;

        Codec(String label) {
            this.label = label;
        }

        /** A name fit for an error a publisher sees, e.g. "H.265 (hvc1)". */
        public String label() {
            return label;
        }
    }

    /** AVCPacketType (legacy) or the equivalent enhanced PacketType. */
    public enum PacketType { SEQUENCE_HEADER, CODED_FRAMES, END_OF_SEQUENCE, OTHER }

    /** True for FrameType 1, the only frame a decoder (and an HLS segment) can start on. */
    public boolean keyframe() {
        return frameType == FrameType.KEY;
    }

    /**
     * Parses the header of a video tag body without moving its reader index.
     *
     * @throws FlvFormatException if the header is truncated or names a reserved frame type or an unknown codec
     */
    public static VideoTag parse(ByteBuf body) {
        int start = body.readerIndex();
        int length = body.readableBytes();
        if (length < 1) {
            throw new FlvFormatException("empty video tag");
        }
        int first = body.getUnsignedByte(start);
        if ((first & EX_HEADER_BIT) != 0) {
            return parseEnhanced(body, start, length, first);
        }
        FrameType frameType = FrameType.of(first >> 4);
        int codecId = first & 0x0F;
        Codec codec = switch (codecId) {
            case 2 -> Codec.SORENSON_H263;
            case 3 -> Codec.SCREEN_VIDEO;
            case 4 -> Codec.VP6;
            case 5 -> Codec.VP6_ALPHA;
            case 6 -> Codec.SCREEN_VIDEO_V2;
            case 7 -> Codec.AVC;
            default -> throw new FlvFormatException("unknown video CodecID " + codecId);
        };
        if (codec != Codec.AVC) {
            return new VideoTag(frameType, codec, PacketType.CODED_FRAMES, 0, 1);
        }
        if (length < 5) {
            throw new FlvFormatException("AVC video tag header needs 5 bytes, got " + length);
        }
        PacketType packetType = switch (body.getUnsignedByte(start + 1)) {
            case 0 -> PacketType.SEQUENCE_HEADER;
            case 1 -> PacketType.CODED_FRAMES;
            case 2 -> PacketType.END_OF_SEQUENCE;
            default -> throw new FlvFormatException("reserved AVCPacketType " + body.getUnsignedByte(start + 1));
        };
        // CompositionTime is SI24; getMedium sign-extends.
        return new VideoTag(frameType, codec, packetType, body.getMedium(start + 2), 5);
    }

    private static VideoTag parseEnhanced(ByteBuf body, int start, int length, int first) {
        if (length < 5) {
            throw new FlvFormatException("enhanced video tag header needs 5 bytes, got " + length);
        }
        FrameType frameType = FrameType.of((first >> 4) & 0x07);
        int fourCc = body.getInt(start + 1);
        Codec codec = switch (fourCc) {
            case 0x68766331 -> Codec.HEVC; // 'hvc1'
            case 0x61763031 -> Codec.AV1; // 'av01'
            case 0x76703039 -> Codec.VP9; // 'vp09'
            case 0x61766331 -> Codec.AVC; // 'avc1', Enhanced RTMP v2
            default -> throw new FlvFormatException("unknown enhanced video FourCC 0x" + Integer.toHexString(fourCc));
        };
        int exPacketType = first & 0x0F;
        PacketType packetType = switch (exPacketType) {
            case 0 -> PacketType.SEQUENCE_HEADER; // SequenceStart
            case 1, 3 -> PacketType.CODED_FRAMES; // CodedFrames, CodedFramesX
            case 2 -> PacketType.END_OF_SEQUENCE; // SequenceEnd
            default -> PacketType.OTHER; // Metadata, MPEG2TSSequenceStart, Multitrack, ModEx
        };
        // Only CodedFrames of HEVC and AVC carry an SI24 CompositionTime; CodedFramesX implies 0.
        boolean hasCompositionTime = exPacketType == 1 && (codec == Codec.HEVC || codec == Codec.AVC);
        if (!hasCompositionTime) {
            return new VideoTag(frameType, codec, packetType, 0, 5);
        }
        if (length < 8) {
            throw new FlvFormatException("enhanced CodedFrames header needs 8 bytes, got " + length);
        }
        return new VideoTag(frameType, codec, packetType, body.getMedium(start + 5), 8);
    }
}
