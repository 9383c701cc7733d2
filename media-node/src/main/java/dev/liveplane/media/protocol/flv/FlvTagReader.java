package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Turns an FLV byte stream (the header, then tags) into {@link FlvTag}s, fed incrementally the way a Netty decoder
 * is fed: each call consumes at most one whole tag and leaves partial bytes in place for the next call.
 */
public final class FlvTagReader {

    /** Large enough for a 4K keyframe, small enough that a lying DataSize cannot make a caller buffer much. */
    public static final int DEFAULT_MAX_DATA_SIZE = 8 * 1024 * 1024;

    private static final int FILTER_BIT = 0x20;

    private final int maxDataSize;
    private FlvHeader header;

    public FlvTagReader() {
        this(DEFAULT_MAX_DATA_SIZE);
    }

    /**
     * @param maxDataSize the largest tag body accepted; larger DataSize values are refused before any body byte is
     *        read
     */
    public FlvTagReader(int maxDataSize) {
        if (maxDataSize < 0 || maxDataSize > FlvTag.MAX_DATA_SIZE) {
            throw new IllegalArgumentException("maxDataSize must be within 0.." + FlvTag.MAX_DATA_SIZE);
        }
        this.maxDataSize = maxDataSize;
    }

    /** The file header, once {@link #read} has consumed it. */
    public Optional<FlvHeader> header() {
        return Optional.ofNullable(header);
    }

    /**
     * Reads the next tag from {@code in}, consuming the file header first if it has not been read yet.
     *
     * @return the tag, whose body is a retained slice of {@code in}; {@code null} when {@code in} does not yet hold a
     *         whole tag (nothing of it is consumed then)
     * @throws FlvFormatException if the stream is not FLV, a tag is encrypted, a DataSize exceeds the limit or a
     *         PreviousTagSize does not match the tag before it
     */
    public FlvTag read(ByteBuf in) {
        if (header == null) {
            if (in.readableBytes() < FlvHeader.LENGTH) {
                return null;
            }
            header = FlvHeader.read(in);
        }
        if (in.readableBytes() < FlvTag.HEADER_LENGTH) {
            return null;
        }
        int start = in.readerIndex();
        int typeByte = in.getUnsignedByte(start);
        if ((typeByte & FILTER_BIT) != 0) {
            // E.4.1: Filter = 1 means the body is encrypted (Adobe Access); nothing downstream could read it.
            throw new FlvFormatException("encrypted FLV tags are not supported");
        }
        int dataSize = in.getUnsignedMedium(start + 1);
        if (dataSize > maxDataSize) {
            throw new FlvFormatException("FLV tag DataSize " + dataSize + " exceeds the limit of " + maxDataSize);
        }
        int tagLength = FlvTag.HEADER_LENGTH + dataSize;
        if (in.readableBytes() < tagLength + FlvTag.PREVIOUS_TAG_SIZE_LENGTH) {
            return null;
        }
        long previousTagSize = in.getUnsignedInt(start + tagLength);
        if (previousTagSize != tagLength) {
            throw new FlvFormatException("PreviousTagSize " + previousTagSize + " does not match the tag's "
                    + tagLength + " bytes");
        }
        long timestamp = in.getUnsignedMedium(start + 4) | ((long) in.getUnsignedByte(start + 7) << 24);
        ByteBuf body = in.retainedSlice(start + FlvTag.HEADER_LENGTH, dataSize);
        in.skipBytes(tagLength + FlvTag.PREVIOUS_TAG_SIZE_LENGTH);
        return new FlvTag(typeByte & 0x1F, timestamp, body);
    }
}
