package dev.liveplane.media.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * Turns a peer's bytes that break a wire format, or a limit this node puts on it, into one exception type the
 * connection's last handler can log and close on.
 *
 * <p>It extends {@link CorruptedFrameException} so that {@code ByteToMessageDecoder} passes it on as it is instead of
 * wrapping it in a {@code DecoderException}.
 */
public class ProtocolException extends CorruptedFrameException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
