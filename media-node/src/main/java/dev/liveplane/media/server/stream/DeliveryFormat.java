package dev.liveplane.media.server.stream;

import dev.liveplane.media.protocol.flv.FlvTagWriter;
import dev.liveplane.media.protocol.rtmp.chunk.RtmpChunkWriter;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * A wire form of a {@link MediaFrame} that every viewer of one kind receives byte for byte, so it is encoded once per
 * frame and shared.
 */
public enum DeliveryFormat {

    /** RTMP chunks on the play stream: same chunk size, chunk stream and message stream for every RTMP viewer. */
    RTMP_CHUNKS {
        @Override
        ByteBuf encode(MediaFrame frame) {
            int csid = switch (frame.kind()) {
                case AUDIO -> AUDIO_CHUNK_STREAM;
                case VIDEO -> VIDEO_CHUNK_STREAM;
                case METADATA -> DATA_CHUNK_STREAM;
            };
            ByteBuf payload = frame.payload();
            ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(RtmpChunkWriter.encodedLength(
                    csid, frame.timestamp(), payload.readableBytes(), RTMP_CHUNK_SIZE));
            RtmpChunkWriter.write(out, csid, messageType(frame), frame.timestamp(), PLAY_MESSAGE_STREAM,
                    payload, RTMP_CHUNK_SIZE);
            return out;
        }
    },

    /** One FLV tag framed as one HTTP/1.1 chunk (RFC 9112 7.1), so the response needs no per-viewer framing. */
    HTTP_FLV_CHUNK {
        @Override
        ByteBuf encode(MediaFrame frame) {
            ByteBuf payload = frame.payload();
            int tagLength = FlvTagWriter.encodedLength(payload.readableBytes());
            String size = Integer.toHexString(tagLength);
            ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(size.length() + tagLength + 4);
            out.writeCharSequence(size, StandardCharsets.US_ASCII);
            out.writeShort(CRLF);
            FlvTagWriter.write(out, messageType(frame), frame.timestamp(), payload);
            out.writeShort(CRLF);
            return out;
        }
    };

    /** Outgoing RTMP chunk size the node announces to every client right after connect. */
    public static final int RTMP_CHUNK_SIZE = 4096;
    /** Message stream id the node hands out in createStream and plays on. */
    public static final int PLAY_MESSAGE_STREAM = 1;
    public static final int DATA_CHUNK_STREAM = 5;
    public static final int AUDIO_CHUNK_STREAM = 6;
    public static final int VIDEO_CHUNK_STREAM = 7;
    private static final int CRLF = ('\r' << 8) | '\n';

    abstract ByteBuf encode(MediaFrame frame);

    /** RTMP message type and FLV tag type, which share their numbers (8 audio, 9 video, 18 script data). */
    static int messageType(MediaFrame frame) {
        return switch (frame.kind()) {
            case AUDIO -> MessageType.AUDIO;
            case VIDEO -> MessageType.VIDEO;
            case METADATA -> MessageType.DATA_AMF0;
        };
    }
}
