package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;

/**
 * Turns a tag type, timestamp and tag body into an FLV tag followed by its PreviousTagSize (FLV spec v10.1, E.3 and
 * E.4.1).
 */
public final class FlvTagWriter {

    private FlvTagWriter() {
    }

    /** Bytes {@link #write} produces for a body of {@code bodyLength} bytes. */
    public static int encodedLength(int bodyLength) {
        return FlvTag.HEADER_LENGTH + bodyLength + FlvTag.PREVIOUS_TAG_SIZE_LENGTH;
    }

    /**
     * Appends one tag to {@code out}. Allocates nothing besides growing {@code out}: every frame of a stream is encoded
     * once and the result shared with all HTTP-FLV viewers.
     *
     * @param body read from its reader index to its writer index, which are left unchanged
     * @throws IllegalArgumentException if the tag type does not fit in 5 bits or the body exceeds DataSize's 24 bits
     */
    public static void write(ByteBuf out, int tagType, long timestampMs, ByteBuf body) {
        if ((tagType & ~0x1F) != 0) {
            throw new IllegalArgumentException("FLV tag type " + tagType + " does not fit in 5 bits");
        }
        int size = body.readableBytes();
        if (size > FlvTag.MAX_DATA_SIZE) {
            throw new IllegalArgumentException("FLV tag body of " + size + " bytes exceeds DataSize's 24 bits");
        }
        out.ensureWritable(encodedLength(size));
        out.writeByte(tagType); // Reserved and Filter bits 0: unencrypted
        out.writeMedium(size);
        // Timestamp holds the lower 24 bits and TimestampExtended the upper 8 of a 32-bit millisecond value.
        out.writeMedium((int) timestampMs);
        out.writeByte((int) (timestampMs >>> 24));
        out.writeMedium(0); // StreamID, always 0
        out.writeBytes(body, body.readerIndex(), size);
        out.writeInt(FlvTag.HEADER_LENGTH + size);
    }
}
