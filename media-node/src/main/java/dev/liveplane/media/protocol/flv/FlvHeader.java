package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns the FLV file header (FLV spec v10.1, E.2) plus PreviousTagSize0 into bytes and back.
 *
 * @param version FLV version, always 1
 * @param hasAudio TypeFlagsAudio
 * @param hasVideo TypeFlagsVideo
 */
public record FlvHeader(int version, boolean hasAudio, boolean hasVideo) {

    /** The 9-byte header plus the 4-byte PreviousTagSize0 that always follows it (E.3). */
    public static final int LENGTH = 13;

    private static final int SIGNATURE = 0x464C56; // "FLV"
    private static final int VERSION = 1;
    private static final int DATA_OFFSET = 9; // E.2: the header's own size, 9 for version 1
    private static final int FLAG_AUDIO = 0x04;
    private static final int FLAG_VIDEO = 0x01;

    /** Writes the header and PreviousTagSize0. */
    public static void write(ByteBuf out, boolean hasAudio, boolean hasVideo) {
        out.ensureWritable(LENGTH);
        out.writeMedium(SIGNATURE);
        out.writeByte(VERSION);
        out.writeByte((hasAudio ? FLAG_AUDIO : 0) | (hasVideo ? FLAG_VIDEO : 0));
        out.writeInt(DATA_OFFSET);
        out.writeInt(0);
    }

    /**
     * Reads the header and PreviousTagSize0.
     *
     * @throws FlvFormatException if fewer than {@link #LENGTH} bytes are readable or the bytes are not an FLV v1 header
     */
    public static FlvHeader read(ByteBuf in) {
        if (in.readableBytes() < LENGTH) {
            throw new FlvFormatException("FLV header needs " + LENGTH + " bytes, got " + in.readableBytes());
        }
        int start = in.readerIndex();
        if (in.getUnsignedMedium(start) != SIGNATURE) {
            throw new FlvFormatException("not an FLV stream: signature is not 'FLV'");
        }
        int version = in.getUnsignedByte(start + 3);
        if (version != VERSION) {
            throw new FlvFormatException("unsupported FLV version " + version);
        }
        int flags = in.getUnsignedByte(start + 4);
        // Version 1 headers are exactly 9 bytes; a larger DataOffset would make the reader skip unverified bytes.
        long dataOffset = in.getUnsignedInt(start + 5);
        if (dataOffset != DATA_OFFSET) {
            throw new FlvFormatException("FLV header DataOffset is " + dataOffset + ", version 1 requires 9");
        }
        long previousTagSize0 = in.getUnsignedInt(start + 9);
        if (previousTagSize0 != 0) {
            throw new FlvFormatException("PreviousTagSize0 is " + previousTagSize0 + ", must be 0");
        }
        in.skipBytes(LENGTH);
        return new FlvHeader(version, (flags & FLAG_AUDIO) != 0, (flags & FLAG_VIDEO) != 0);
    }
}
