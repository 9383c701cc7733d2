package dev.liveplane.media.server.stream;

import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.VideoTag;
import io.netty.buffer.ByteBuf;

/**
 * Turns an RTMP/FLV audio or video payload into a {@link MediaFrame}, parsing its tag header once (FLV spec v10.1
 * E.4.2, E.4.3; Enhanced RTMP). A header that does not parse still makes a frame, classified from its first bytes as
 * players would, so viewers get it as sent and only the parts that need the header (HLS, the track probe) skip it.
 */
public final class MediaFrames {

    private static final int AAC = 10;
    private static final int AVC = 7;

    private MediaFrames() {
    }

    /** Wraps an audio payload; ownership of {@code payload} passes to the frame. */
    public static MediaFrame audio(long timestamp, ByteBuf payload, long receivedNanos) {
        FrameHeader header = FrameHeader.of(MediaFrame.Kind.AUDIO, payload);
        AudioTag tag = header.audio();
        boolean sequenceHeader;
        if (tag != null) {
            sequenceHeader = tag.aacSequenceHeader();
        } else {
            int soundFormat = (payload.getUnsignedByte(payload.readerIndex()) >> 4) & 0x0F;
            sequenceHeader = soundFormat == AAC && payload.readableBytes() > 1
                    && payload.getByte(payload.readerIndex() + 1) == 0;
        }
        return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, false, sequenceHeader, receivedNanos, payload,
                header);
    }

    /** Wraps a video payload; ownership of {@code payload} passes to the frame. */
    public static MediaFrame video(long timestamp, ByteBuf payload, long receivedNanos) {
        FrameHeader header = FrameHeader.of(MediaFrame.Kind.VIDEO, payload);
        VideoTag tag = header.video();
        boolean keyframe;
        boolean sequenceHeader;
        if (tag != null) {
            keyframe = tag.keyframe();
            sequenceHeader = tag.packetType() == VideoTag.PacketType.SEQUENCE_HEADER;
        } else {
            int first = payload.getUnsignedByte(payload.readerIndex());
            if ((first & 0x80) != 0) {
                // Enhanced RTMP (veovera spec): IsExHeader bit, 3-bit frame type, 4-bit packet type (0 = start).
                keyframe = ((first >> 4) & 0x07) == 1;
                sequenceHeader = (first & 0x0F) == 0;
            } else {
                keyframe = ((first >> 4) & 0x0F) == 1;
                sequenceHeader = (first & 0x0F) == AVC && payload.readableBytes() > 1
                        && payload.getByte(payload.readerIndex() + 1) == 0;
            }
        }
        return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, keyframe && !sequenceHeader, sequenceHeader,
                receivedNanos, payload, header);
    }

    /** Wraps an {@code onMetaData} script body; ownership of {@code payload} passes to the frame. */
    public static MediaFrame metadata(long timestamp, ByteBuf payload, long receivedNanos) {
        return new MediaFrame(MediaFrame.Kind.METADATA, timestamp, false, false, receivedNanos, payload,
                FrameHeader.NONE);
    }
}
