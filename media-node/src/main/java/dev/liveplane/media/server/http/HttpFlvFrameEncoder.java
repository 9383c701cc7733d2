package dev.liveplane.media.server.http;

import dev.liveplane.media.protocol.flv.FlvTagWriter;
import dev.liveplane.media.server.stream.FrameEncoder;
import dev.liveplane.media.server.stream.MediaFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Turns a frame into one FLV tag framed as one HTTP/1.1 chunk (RFC 9112 7.1): no per-viewer framing needed. */
public final class HttpFlvFrameEncoder extends FrameEncoder {

    public static final HttpFlvFrameEncoder INSTANCE = new HttpFlvFrameEncoder();
    private static final int CRLF = ('\r' << 8) | '\n';

    private HttpFlvFrameEncoder() {
    }

    @Override
    protected ByteBuf encode(MediaFrame frame) {
        ByteBuf payload = frame.payload();
        int tagLength = FlvTagWriter.encodedLength(payload.readableBytes());
        String size = Integer.toHexString(tagLength);
        ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(size.length() + tagLength + 4);
        out.writeCharSequence(size, StandardCharsets.US_ASCII);
        out.writeShort(CRLF);
        FlvTagWriter.write(out, frame.tagType(), frame.timestamp(), payload);
        out.writeShort(CRLF);
        return out;
    }
}
