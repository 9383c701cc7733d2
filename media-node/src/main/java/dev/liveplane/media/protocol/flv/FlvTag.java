package dev.liveplane.media.protocol.flv;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** One FLV tag (FLV spec v10.1, E.4.1) read from a stream: type, timestamp and the body it owns; release when done. */
public final class FlvTag extends DefaultByteBufHolder {

    /** TagType 8: the body is AUDIODATA. */
    public static final int AUDIO = 8;
    /** TagType 9: the body is VIDEODATA. */
    public static final int VIDEO = 9;
    /** TagType 18: the body is SCRIPTDATA (AMF0, e.g. onMetaData). */
    public static final int SCRIPT_DATA = 18;

    /** TagType, DataSize, Timestamp, TimestampExtended and StreamID. */
    public static final int HEADER_LENGTH = 11;
    /** The PreviousTagSize field after every tag (E.3). */
    public static final int PREVIOUS_TAG_SIZE_LENGTH = 4;
    /** DataSize is a UI24. */
    public static final int MAX_DATA_SIZE = 0xFFFFFF;

    private final int tagType;
    private final long timestamp;

    public FlvTag(int tagType, long timestamp, ByteBuf body) {
        super(body);
        this.tagType = tagType;
        this.timestamp = timestamp;
    }

    /** {@link #AUDIO}, {@link #VIDEO}, {@link #SCRIPT_DATA} or another value the caller may ignore. */
    public int tagType() {
        return tagType;
    }

    /** Timestamp in milliseconds, with TimestampExtended as the upper 8 of 32 bits. */
    public long timestamp() {
        return timestamp;
    }

    @Override
    public FlvTag replace(ByteBuf content) {
        return new FlvTag(tagType, timestamp, content);
    }

    @Override
    public FlvTag retain() {
        super.retain();
        return this;
    }

    @Override
    public FlvTag retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "FlvTag(type=" + tagType + ", ts=" + timestamp + ", len=" + content().readableBytes() + ")";
    }
}
