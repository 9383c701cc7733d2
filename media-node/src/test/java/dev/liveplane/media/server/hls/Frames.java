package dev.liveplane.media.server.hls;

import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Synthetic frames around the real sequence headers of the ffmpeg fixture, for segmenter tests. */
final class Frames {

    private static final String FIXTURES = "/dev/liveplane/media/protocol/flv/";
    /** ffmpeg's AAC LC 44.1 kHz mono sequence header tag body. */
    private static final String AAC_SEQUENCE_HEADER = "af00120856e500";

    private Frames() {
    }

    static MediaFrame avcSequenceHeader() {
        ByteBuf body = Unpooled.buffer();
        body.writeBytes(ByteBufUtil.decodeHexDump("1700000000"));
        body.writeBytes(resource(FIXTURES + "AvcDecoderConfigurationRecordFuzzTestInputs/parse/high-320x240"));
        return new MediaFrame(MediaFrame.Kind.VIDEO, 0, true, true, 0, body);
    }

    /** One AVCC NAL unit of {@code size} bytes: an IDR slice for keyframes, a non-IDR slice otherwise. */
    static MediaFrame video(long timestamp, boolean keyframe, int size) {
        ByteBuf body = Unpooled.buffer(5 + 4 + size);
        body.writeByte(keyframe ? 0x17 : 0x27).writeByte(1).writeMedium(0);
        body.writeInt(size).writeByte(keyframe ? 0x65 : 0x41).writeZero(size - 1);
        return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, keyframe, false, 0, body);
    }

    static MediaFrame videoWithBody(long timestamp, boolean keyframe, String hex) {
        return new MediaFrame(MediaFrame.Kind.VIDEO, timestamp, keyframe, false, 0,
                Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex)));
    }

    static MediaFrame aacSequenceHeader() {
        return new MediaFrame(MediaFrame.Kind.AUDIO, 0, false, true, 0,
                Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(AAC_SEQUENCE_HEADER)));
    }

    static MediaFrame aac(long timestamp, int size) {
        ByteBuf body = Unpooled.buffer(2 + size);
        body.writeByte(0xAF).writeByte(1).writeZero(size);
        return new MediaFrame(MediaFrame.Kind.AUDIO, timestamp, false, false, 0, body);
    }

    static byte[] resource(String name) {
        try (InputStream in = Frames.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Feeds the frame and releases it, as the stream's fan-out does after every consumer has seen it. */
    static void feed(HlsSegmenter segmenter, MediaFrame frame) {
        try {
            segmenter.onFrame(frame);
        } finally {
            frame.release();
        }
    }
}
