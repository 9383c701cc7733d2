package dev.liveplane.media.server.stream;

import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.VideoTag;
import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;

/**
 * One audio, video or metadata frame of a live stream, shared by reference count between the GOP cache and every
 * viewer queue. The payload is the FLV tag body (which is also the RTMP audio/video message payload); for metadata
 * it is the AMF0 {@code onMetaData} script body. Its FLV tag header is parsed once, when the frame is made.
 *
 * <p>Delivery formats that every viewer of a kind receives byte for byte (RTMP chunks, HTTP-FLV chunks) are encoded
 * once per frame and cached here, so the fan-out never copies media per viewer.
 */
public final class MediaFrame extends AbstractReferenceCounted {

    /** What the frame carries. */
    public enum Kind { AUDIO, VIDEO, METADATA }

    private final Kind kind;
    private final long timestamp;
    private final boolean keyframe;
    private final boolean sequenceHeader;
    private final long receivedNanos;
    private final ByteBuf payload;
    private final FrameHeader header;
    private final ByteBuf[] encoded = new ByteBuf[FrameEncoder.SLOTS];

    /** A frame with the given classification; its tag header is parsed here. */
    public MediaFrame(Kind kind, long timestamp, boolean keyframe, boolean sequenceHeader, long receivedNanos,
            ByteBuf payload) {
        this(kind, timestamp, keyframe, sequenceHeader, receivedNanos, payload, FrameHeader.of(kind, payload));
    }

    MediaFrame(Kind kind, long timestamp, boolean keyframe, boolean sequenceHeader, long receivedNanos,
            ByteBuf payload, FrameHeader header) {
        this.header = header;
        this.kind = kind;
        this.timestamp = timestamp;
        this.keyframe = keyframe;
        this.sequenceHeader = sequenceHeader;
        this.receivedNanos = receivedNanos;
        this.payload = payload;
    }

    public Kind kind() {
        return kind;
    }

    /** Presentation-order decode timestamp in milliseconds, as the publisher sent it. */
    public long timestamp() {
        return timestamp;
    }

    /** True for a video frame a decoder can start on (FLV frame type 1). */
    public boolean keyframe() {
        return keyframe;
    }

    /** True for an AVC/AAC sequence header (decoder configuration), which is never part of a GOP. */
    public boolean sequenceHeader() {
        return sequenceHeader;
    }

    /** {@link System#nanoTime()} when the node finished reading the frame from the publisher. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /**
     * The parsed AudioTagHeader of an audio frame.
     *
     * @throws FlvFormatException why the header did not parse, or that this is no audio frame
     */
    public AudioTag audioTag() {
        if (header.audio() == null) {
            throw header.error() != null ? header.error() : new FlvFormatException("not an audio frame: " + kind);
        }
        return header.audio();
    }

    /**
     * The parsed VideoTagHeader (legacy or enhanced) of a video frame.
     *
     * @throws FlvFormatException why the header did not parse, or that this is no video frame
     */
    public VideoTag videoTag() {
        if (header.video() == null) {
            throw header.error() != null ? header.error() : new FlvFormatException("not a video frame: " + kind);
        }
        return header.video();
    }

    /** The FLV tag body; not retained for the caller. Read it without moving its indices: every viewer shares it. */
    public ByteBuf payload() {
        return payload;
    }

    /**
     * The frame encoded for one delivery format, encoded on first use and then shared. Must be called from the
     * stream's event loop (the single owner of the frame while it is being fanned out).
     *
     * @return a buffer owned by this frame; callers send {@code retainedDuplicate()} of it
     */
    public ByteBuf encoded(FrameEncoder format) {
        ByteBuf buf = encoded[format.slot];
        if (buf == null) {
            buf = format.encode(this);
            encoded[format.slot] = buf;
        }
        return buf;
    }

    /** The FLV tag type, which is also the RTMP message type: 8 audio, 9 video, 18 script data. */
    public int tagType() {
        return switch (kind) {
            case AUDIO -> FlvTag.AUDIO;
            case VIDEO -> FlvTag.VIDEO;
            case METADATA -> FlvTag.SCRIPT_DATA;
        };
    }

    @Override
    public MediaFrame retain() {
        super.retain();
        return this;
    }

    @Override
    public MediaFrame touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    protected void deallocate() {
        payload.release();
        for (ByteBuf buf : encoded) {
            if (buf != null) {
                buf.release();
            }
        }
    }

    @Override
    public String toString() {
        return "MediaFrame(" + kind + ", ts=" + timestamp + (keyframe ? ", key" : "")
                + (sequenceHeader ? ", seqhdr" : "") + ", len=" + payload.readableBytes() + ")";
    }
}
