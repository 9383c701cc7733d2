package dev.liveplane.media.server.stream;

import dev.liveplane.media.protocol.flv.AudioTag;
import dev.liveplane.media.protocol.flv.FlvFormatException;
import dev.liveplane.media.protocol.flv.VideoTag;
import io.netty.buffer.ByteBuf;

/**
 * Turns a frame's FLV tag body into its parsed tag header once, at ingest, so the GOP cache, the track probe and every
 * sink read the same result instead of parsing the bytes again.
 *
 * @param audio the audio tag header, or null for video, metadata and a header that does not parse
 * @param video the video tag header, or null likewise
 * @param error why the header does not parse, or null
 */
record FrameHeader(AudioTag audio, VideoTag video, FlvFormatException error) {

    static final FrameHeader NONE = new FrameHeader(null, null, null);

    static FrameHeader of(MediaFrame.Kind kind, ByteBuf body) {
        try {
            return switch (kind) {
                case AUDIO -> new FrameHeader(AudioTag.parse(body), null, null);
                case VIDEO -> new FrameHeader(null, VideoTag.parse(body), null);
                case METADATA -> NONE;
            };
        } catch (FlvFormatException e) {
            return new FrameHeader(null, null, e);
        }
    }
}
