package dev.liveplane.media.protocol.rtmp.message;

import dev.liveplane.media.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/** Turns an RTMP message payload that does not match its type's layout into a typed protocol error. */
public final class RtmpMessageException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public RtmpMessageException(String message) {
        super(message);
    }

    static void checkLength(ByteBuf payload, int length, String what) {
        if (payload.readableBytes() < length) {
            throw new RtmpMessageException(what + " payload needs " + length + " bytes, got "
                    + payload.readableBytes());
        }
    }
}
