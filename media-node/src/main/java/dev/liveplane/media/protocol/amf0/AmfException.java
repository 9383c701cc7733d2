package dev.liveplane.media.protocol.amf0;

import dev.liveplane.media.protocol.ProtocolException;

/** Turns malformed or over-limit AMF0/AMF3 input into a typed protocol error. */
public final class AmfException extends ProtocolException {

    private static final long serialVersionUID = 1L;

    public AmfException(String message) {
        super(message);
    }
}
