package dev.liveplane.media.server.stream;

import io.netty.buffer.ByteBuf;

/** Classifies an RTMP/FLV audio or video payload into a {@link MediaFrame} (FLV spec v10.1 E.4.2, E.4.3). */
public final class MediaFrames {

    private static final int AAC = 10;
    private static final int AVC = 7;

    private MediaFrames() {
    }

    /** Wraps an audio payload; ownership of {@code payload} passes to the frame. */
    public static MediaFrame audio(long timestamp, ByteBuf payload, long receivedNanos) {
        int soundFormat = (payload.getUnsignedByte(payload.readerIndex()) >> 4) & 0x0F;
        boolean sequenceHeader = soundFormat == AAC && payload.readableBytes() > 1
                && payload.getByte(payload.readerIndex() + 1) == 0;
        return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, false, sequenceHeader, receivedNanos, payload);
    }

    /** Wraps a video payload; ownership of {@code payload} passes to the frame. */
    public static MediaFrame video(long timestamp, ByteBuf payload, long receivedNanos) {
        int first = payload.getUnsignedByte(payload.readerIndex());
        boolean keyframe;
        boolean sequenceHeader;
        if ((first & 0x80) != 0) {
            // Enhanced RTMP (veovera spec): IsExHeader bit, 3-bit frame type, 4-bit packet type (0 = sequence start).
            keyframe = ((first >> 4) & 0x07) == 1;
            sequenceHeader = (first & 0x0F) == 0;
        } else {
            keyframe = ((first >> 4) & 0x0F) == 1;
            sequenceHeader = (first & 0x0F) == AVC && payload.readableBytes() > 1
                    && payload.getByte(payload.readerIndex() + 1) == 0;
        }
        return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, keyframe && !sequenceHeader, sequenceHeader,
                receivedNanos, payload);
    }

    /** Wraps an {@code onMetaData} script body; ownership of {@code payload} passes to the frame. */
    public static MediaFrame metadata(long timestamp, ByteBuf payload, long receivedNanos) {
        return new MediaFrame(MediaFrame.Kind.METADATA, timestamp, false, false, receivedNanos, payload);
    }
}
