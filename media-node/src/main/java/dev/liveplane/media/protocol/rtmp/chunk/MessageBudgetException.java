package dev.liveplane.media.protocol.rtmp.chunk;

/**
 * Turns a message the connection may not hold (longer than its type allows now, past the connection's or the
 * node's byte budget, or one whose buffer could not be allocated) into a typed error that fails that connection only.
 */
public final class MessageBudgetException extends RtmpChunkException {

    private static final long serialVersionUID = 1L;

    public MessageBudgetException(String message) {
        super(message);
    }

    public MessageBudgetException(String message, Throwable cause) {
        super(message, cause);
    }
}
