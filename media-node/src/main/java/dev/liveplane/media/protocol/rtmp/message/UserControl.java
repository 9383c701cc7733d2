package dev.liveplane.media.protocol.rtmp.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;

/**
 * Converts between a User Control Message payload (RTMP spec 6.2 and 7.1.7, type 4) and its event: {@code value} is
 * the message stream id for the stream events and the timestamp for the ping events; {@code bufferLength} (ms) is
 * only used by SetBufferLength and is 0 otherwise.
 */
public record UserControl(Event event, long value, long bufferLength) {

    /** The user control events RTMP spec 7.1.7 defines, with their wire codes. */
    public enum Event {
        STREAM_BEGIN(0),
        STREAM_EOF(1),
        STREAM_DRY(2),
        SET_BUFFER_LENGTH(3),
        STREAM_IS_RECORDED(4),
        PING_REQUEST(6),
        PING_RESPONSE(7);

        private final int code;

        Event(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Event of(int code) {
            for (Event e : values()) {
                if (e.code == code) {
                    return e;
                }
            }
            // Flash's SWF verification (26, 27) and FMS's buffer events (31, 32) are not part of the spec.
            throw new RtmpMessageException("user control event type " + code + " is not one RTMP spec 7.1.7 defines");
        }
    }

    public UserControl {
        Objects.requireNonNull(event, "event");
        UnsignedInts.check(value, "event value");
        UnsignedInts.check(bufferLength, "buffer length");
    }

    public static UserControl streamBegin(long messageStreamId) {
        return new UserControl(Event.STREAM_BEGIN, messageStreamId, 0);
    }

    public static UserControl streamEof(long messageStreamId) {
        return new UserControl(Event.STREAM_EOF, messageStreamId, 0);
    }

    public static UserControl streamDry(long messageStreamId) {
        return new UserControl(Event.STREAM_DRY, messageStreamId, 0);
    }

    public static UserControl setBufferLength(long messageStreamId, long bufferLengthMillis) {
        return new UserControl(Event.SET_BUFFER_LENGTH, messageStreamId, bufferLengthMillis);
    }

    public static UserControl streamIsRecorded(long messageStreamId) {
        return new UserControl(Event.STREAM_IS_RECORDED, messageStreamId, 0);
    }

    public static UserControl pingRequest(long timestamp) {
        return new UserControl(Event.PING_REQUEST, timestamp, 0);
    }

    public static UserControl pingResponse(long timestamp) {
        return new UserControl(Event.PING_RESPONSE, timestamp, 0);
    }

    /**
     * Reads the payload without moving its reader index. Event types outside RTMP spec 7.1.7 throw
     * {@link RtmpMessageException}; a server may choose to ignore those.
     */
    public static UserControl decode(ByteBuf payload) {
        RtmpMessageException.checkLength(payload, 6, "UserControl");
        int index = payload.readerIndex();
        Event event = Event.of(payload.getUnsignedShort(index));
        long value = payload.getUnsignedInt(index + 2);
        if (event != Event.SET_BUFFER_LENGTH) {
            return new UserControl(event, value, 0);
        }
        RtmpMessageException.checkLength(payload, 10, "UserControl SetBufferLength");
        return new UserControl(event, value, payload.getUnsignedInt(index + 6));
    }

    public ByteBuf encode(ByteBufAllocator alloc) {
        boolean withBuffer = event == Event.SET_BUFFER_LENGTH;
        ByteBuf out = alloc.buffer(withBuffer ? 10 : 6).writeShort(event.code()).writeInt((int) value);
        return withBuffer ? out.writeInt((int) bufferLength) : out;
    }

    public RtmpMessage toMessage(ByteBufAllocator alloc) {
        return ProtocolControl.message(MessageType.USER_CONTROL, encode(alloc));
    }
}
