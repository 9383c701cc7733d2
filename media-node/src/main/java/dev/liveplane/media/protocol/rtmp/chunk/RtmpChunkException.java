package dev.liveplane.media.protocol.rtmp.chunk;

import dev.liveplane.media.protocol.ProtocolException;

/** Turns a chunk stream that breaks RTMP spec 5.3, or one of the chunk decoder's limits, into a typed error. */
public class RtmpChunkException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public RtmpChunkException(String message) {
        super(message);
    }

    public RtmpChunkException(String message, Throwable cause) {
        super(message, cause);
    }
}
