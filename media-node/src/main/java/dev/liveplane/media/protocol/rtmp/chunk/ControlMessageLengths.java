package dev.liveplane.media.protocol.rtmp.chunk;

import dev.liveplane.media.protocol.rtmp.message.MessageType;

/** Turns a protocol control message type into the longest payload a real peer sends for it (RTMP spec 5.4, 6.2). */
public final class ControlMessageLengths {

    /**
     * User control events carry 6 to 10 bytes in the spec (7.1.7); Flash's SWF verification answer (event 27)
     * carries 44, the longest any real client sends.
     */
    static final int USER_CONTROL = 64;

    private ControlMessageLengths() {
    }

    /** The longest payload of this control type, or -1 when the type is not a protocol control one. */
    public static int max(int typeId) {
        return switch (typeId) {
            case MessageType.SET_CHUNK_SIZE, MessageType.ABORT, MessageType.ACKNOWLEDGEMENT,
                    MessageType.WINDOW_ACK_SIZE -> 4;
            case MessageType.SET_PEER_BANDWIDTH -> 5;
            case MessageType.USER_CONTROL -> USER_CONTROL;
            default -> -1;
        };
    }
}
