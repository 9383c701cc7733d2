package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkWriter;
import dev.liveplane.media.server.stream.FrameEncoder;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Turns a frame into RTMP chunks on the play stream: the same chunk size, chunk stream and message stream for every
 * RTMP viewer, so every viewer gets the same bytes.
 */
public final class RtmpFrameEncoder extends FrameEncoder {

    public static final RtmpFrameEncoder INSTANCE = new RtmpFrameEncoder();

    /** Outgoing RTMP chunk size the node announces to every client right after connect. */
    public static final int RTMP_CHUNK_SIZE = 4096;
    /** Message stream id the node hands out in createStream and plays on. */
    public static final int PLAY_MESSAGE_STREAM = 1;
    public static final int DATA_CHUNK_STREAM = 5;
    public static final int AUDIO_CHUNK_STREAM = 6;
    public static final int VIDEO_CHUNK_STREAM = 7;

    private RtmpFrameEncoder() {
    }

    @Override
    protected ByteBuf encode(MediaFrame frame) {
        int csid = switch (frame.kind()) {
            case AUDIO -> AUDIO_CHUNK_STREAM;
            case VIDEO -> VIDEO_CHUNK_STREAM;
            case METADATA -> DATA_CHUNK_STREAM;
        };
        ByteBuf payload = frame.payload();
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(RtmpChunkWriter.encodedLength(
                csid, frame.timestamp(), payload.readableBytes(), RTMP_CHUNK_SIZE));
        // RTMP message types and FLV tag types share their numbers (8 audio, 9 video, 18 script data).
        RtmpChunkWriter.write(out, csid, frame.tagType(), frame.timestamp(), PLAY_MESSAGE_STREAM, payload,
                RTMP_CHUNK_SIZE);
        return out;
    }
}
