package dev.liveplane.media.server.hls;

import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.FlvTag;
import dev.liveplane.media.protocol.flv.FlvTagReader;
import dev.liveplane.media.protocol.flv.VideoTag;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/** Turns an FLV file into the MediaFrames an RTMP publisher of the same stream would produce. */
final class FlvFile {

    private FlvFile() {
    }

    /** Hands each frame to {@code sink}, then releases it. */
    static void forEachFrame(byte[] flv, Consumer<MediaFrame> sink) {
        ByteBuf in = Unpooled.wrappedBuffer(flv);
        try {
            FlvTagReader reader = new FlvTagReader();
            FlvTag tag;
            while ((tag = reader.read(in)) != null) {
                MediaFrame frame = toFrame(tag);
                if (frame == null) {
                    tag.release();
                    continue;
                }
                try {
                    sink.accept(frame);
                } finally {
                    frame.release();
                }
            }
        } finally {
            in.release();
        }
    }

    /** Takes over the tag's body; null for tags that are not media or metadata. */
    private static MediaFrame toFrame(FlvTag tag) {
        ByteBuf body = tag.content();
        return switch (tag.tagType()) {
            case FlvTag.VIDEO -> {
                VideoTag video = VideoTag.parse(body);
                yield new MediaFrame(MediaFrame.Kind.VIDEO, tag.timestamp(), video.keyframe(),
                        video.packetType() == VideoTag.PacketType.SEQUENCE_HEADER, System.nanoTime(), body);
            }
            case FlvTag.AUDIO -> new MediaFrame(MediaFrame.Kind.AUDIO, tag.timestamp(), false,
                    AudioTag.parse(body).aacSequenceHeader(), System.nanoTime(), body);
            case FlvTag.SCRIPT_DATA -> new MediaFrame(MediaFrame.Kind.METADATA, tag.timestamp(), false, false,
                    System.nanoTime(), body);
            default -> null;
        };
    }
}
