package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.amf0.Amf0Writer;
import dev.liveplane.media.protocol.rtmp.message.DataMessage;
import dev.liveplane.media.protocol.rtmp.message.MessageType;
import dev.liveplane.media.protocol.rtmp.message.RtmpMessage;
import dev.liveplane.media.server.stream.LiveStream;
import dev.liveplane.media.server.stream.MediaFrames;
import dev.liveplane.media.server.stream.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Map;

/**
 * Turns a publisher's audio, video and {@code @setDataFrame("onMetaData", ...)} messages into frames of its
 * {@link LiveStream}, each frame's FLV tag header parsed once here, at ingest.
 */
final class RtmpIngest {

    private RtmpIngest() {
    }

    /** Hands an audio or video message's payload to the stream by reference (no copy). */
    static void media(LiveStream stream, RtmpMessage msg) {
        if (msg.content().readableBytes() == 0) {
            return;
        }
        ByteBuf payload = msg.content().retain();
        long now = System.nanoTime();
        stream.onFrame(msg.typeId() == MessageType.AUDIO
                ? MediaFrames.audio(msg.timestamp(), payload, now)
                : MediaFrames.video(msg.timestamp(), payload, now));
    }

    /** Takes {@code @setDataFrame("onMetaData", {...})} from the publisher and keeps it as {@code onMetaData}. */
    static void data(LiveStream stream, RtmpMessage msg, ByteBufAllocator alloc) {
        List<Object> values = DataMessage.decode(msg.typeId(), msg.content()).values();
        int offset = !values.isEmpty() && "@setDataFrame".equals(values.get(0)) ? 1 : 0;
        if (values.size() < offset + 2 || !"onMetaData".equals(values.get(offset))
                || !(values.get(offset + 1) instanceof Map<?, ?> properties)) {
            return;
        }
        ByteBuf body = alloc.buffer();
        Amf0Writer.write(body, "onMetaData");
        Amf0Writer.write(body, properties);
        TrackInfo declared = new TrackInfo(properties.containsKey("audiocodecid"),
                properties.containsKey("videocodecid"));
        stream.onMetadata(MediaFrames.metadata(msg.timestamp(), body, System.nanoTime()), declared, properties);
    }
}
