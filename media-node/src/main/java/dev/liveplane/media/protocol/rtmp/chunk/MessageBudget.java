package dev.liveplane.media.protocol.rtmp.chunk;

/**
 * Turns what a connection has earned so far into the chunk decoder's memory limits: the longest message of each type
 * the peer may start and the bytes its half-assembled messages may hold.
 *
 * <p>The decoder calls it on the connection's event loop only. Whoever owns the connection's state (the session)
 * raises the limits as the peer connects and is authorized; the decoder asks before every allocation it makes for a
 * partial message and gives the bytes back when the message is complete, aborted or dropped.
 */
public interface MessageBudget {

    /** Longest message of type {@code typeId} (RTMP spec 5.4, 7.1) the peer may start now, 0 to refuse the type. */
    int maxMessageLength(int typeId);

    /** Takes {@code bytes} more for partial messages; returns false, taking nothing, when that passes a limit. */
    boolean tryReserve(int bytes);

    /** Gives back bytes that {@link #tryReserve} took. */
    void release(int bytes);

    /** What the refusal of the last {@link #tryReserve} was about, for the connection's log line. */
    default String describe() {
        return "the connection's message budget";
    }

    /**
     * No byte limit, and every type up to {@code maxMessageLength} except the control messages, which keep their
     * fixed sizes: for clients of trusted servers and for tests.
     */
    static MessageBudget unlimited(int maxMessageLength) {
        if (maxMessageLength < 1 || maxMessageLength > RtmpChunkWriter.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("maxMessageLength must be 1..16777215, got " + maxMessageLength);
        }
        return new MessageBudget() {
            @Override
            public int maxMessageLength(int typeId) {
                int control = ControlMessageLengths.max(typeId);
                return control >= 0 ? control : maxMessageLength;
            }

            @Override
            public boolean tryReserve(int bytes) {
                return true;
            }

            @Override
            public void release(int bytes) {
                // nothing was counted
            }
        };
    }
}
