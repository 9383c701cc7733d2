package dev.liveplane.media.server.rtmp;

import dev.liveplane.media.protocol.rtmp.chunk.ControlMessageLengths;
import dev.liveplane.media.protocol.rtmp.chunk.MessageBudget;
import dev.liveplane.media.protocol.rtmp.message.MessageType;

/**
 * Turns one RTMP connection's progress (handshake done, connected, publish authorized) into its chunk decoder's
 * limits, drawing every byte from the node-wide {@link RtmpPartialMemory}. Used on the connection's event loop only.
 */
final class RtmpMessageBudget implements MessageBudget {

    private enum Stage { BEFORE_CONNECT, CONNECTED, PUBLISHING }

    private final RtmpMessageLimits limits;
    private final RtmpPartialMemory node;
    private Stage stage = Stage.BEFORE_CONNECT;
    private long held;
    private String refusal = "";

    RtmpMessageBudget(RtmpMessageLimits limits, RtmpPartialMemory node) {
        this.limits = limits;
        this.node = node;
    }

    /** The peer's {@code connect} was accepted. */
    void connected() {
        if (stage == Stage.BEFORE_CONNECT) {
            stage = Stage.CONNECTED;
        }
    }

    /** The peer's publish was authorized: its media may now be as large as a keyframe. */
    void publishing() {
        if (stage != Stage.PUBLISHING) {
            node.authorize(held);
            stage = Stage.PUBLISHING;
        }
    }

    @Override
    public int maxMessageLength(int typeId) {
        int control = ControlMessageLengths.max(typeId);
        if (control >= 0) {
            return control;
        }
        return switch (stage) {
            case BEFORE_CONNECT -> limits.beforeConnectMessage();
            case CONNECTED -> limits.connectedMessage();
            case PUBLISHING -> typeId == MessageType.AUDIO || typeId == MessageType.VIDEO
                    ? limits.maxMediaMessage() : limits.connectedMessage();
        };
    }

    @Override
    public boolean tryReserve(int bytes) {
        long limit = switch (stage) {
            case BEFORE_CONNECT -> limits.beforeConnectBytes();
            case CONNECTED -> limits.connectedBytes();
            case PUBLISHING -> limits.publishingBytes();
        };
        boolean authorized = stage == Stage.PUBLISHING;
        if (held + bytes > limit) {
            refusal = "the connection's " + limit + "-byte limit " + switch (stage) {
                case BEFORE_CONNECT -> "before connect";
                case CONNECTED -> "before an authorized publish";
                case PUBLISHING -> "while publishing";
            };
        } else if (!node.tryReserve(bytes, authorized)) {
            refusal = node.describe(authorized);
        } else {
            held += bytes;
            return true;
        }
        return false;
    }

    @Override
    public void release(int bytes) {
        held -= bytes;
        node.release(bytes, stage == Stage.PUBLISHING);
    }

    /** Counts a connection closed for breaking this budget or a message length. */
    void refused() {
        node.refused();
    }

    @Override
    public String describe() {
        return refusal;
    }
}
