package dev.liveplane.media.protocol.rtmp.message;

import dev.liveplane.media.protocol.amf0.Amf0Writer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts between a data message payload (RTMP spec 7.1.2, type 18 AMF0 or type 15 AMF3) and its list of values,
 * e.g. {@code "@setDataFrame", "onMetaData", {...}} from ffmpeg and OBS.
 */
public record DataMessage(List<Object> values) {

    public DataMessage {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** Reads a type 18 or type 15 payload without moving its reader index. */
    public static DataMessage decode(int typeId, ByteBuf payload) {
        return new DataMessage(AmfPayloads.read(typeId, MessageType.DATA_AMF0, MessageType.DATA_AMF3, payload));
    }

    /** Encodes the body as AMF0 (type 18). */
    public ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            Amf0Writer.writeAll(out, values);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** Wraps the AMF0 body into a type 18 message. */
    public RtmpMessage toMessage(ByteBufAllocator alloc, int chunkStreamId, long timestamp, int messageStreamId) {
        return new RtmpMessage(chunkStreamId, MessageType.DATA_AMF0, timestamp, messageStreamId, encode(alloc));
    }
}
