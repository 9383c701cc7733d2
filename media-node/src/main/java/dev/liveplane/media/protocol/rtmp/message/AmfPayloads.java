package dev.liveplane.media.protocol.rtmp.message;

import dev.liveplane.media.protocol.amf0.Amf0Reader;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** Reads the AMF values of a command or data message body, skipping the AMF3 variants' format selector byte. */
final class AmfPayloads {

    private AmfPayloads() {
    }

    /** Reads without moving the payload's reader index. */
    static List<Object> read(int typeId, int amf0Type, int amf3Type, ByteBuf payload) {
        ByteBuf in = payload.duplicate();
        if (typeId == amf3Type) {
            // Types 15 and 17 start with a format selector byte, 0 for AMF0 values; nginx-rtmp and SRS skip it
            // without looking, and the values after it may switch to AMF3 through the avmplus marker.
            if (in.isReadable()) {
                in.skipBytes(1);
            }
        } else if (typeId != amf0Type) {
            throw new IllegalArgumentException("message type " + typeId + " is neither " + amf0Type + " nor "
                    + amf3Type);
        }
        return Amf0Reader.readAll(in);
    }
}
