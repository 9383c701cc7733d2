package dev.liveplane.media.protocol.rtmp.handshake;

import dev.liveplane.media.protocol.ProtocolException;

/** Turns a handshake that breaks RTMP spec 5.2 into a typed protocol error. */
public final class RtmpHandshakeException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public RtmpHandshakeException(String message) {
        super(message);
    }
}
