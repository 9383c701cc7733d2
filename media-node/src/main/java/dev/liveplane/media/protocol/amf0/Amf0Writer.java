package dev.liveplane.media.protocol.amf0;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes plain Java objects into AMF0 values (AMF0 spec 2), the inverse of {@link Amf0Reader}.
 *
 * <p>null, {@link Amf0#UNDEFINED}, Boolean, any Number (as a double), String (a long string above 65535 UTF-8
 * bytes), {@link Amf0EcmaArray}, any other Map with String keys (as an anonymous object), {@link Amf0TypedObject},
 * List (as a strict array) and {@link Amf0Date}. Anything else, or nesting deeper than {@link Amf0#MAX_DEPTH}, is a
 * programming error and throws IllegalArgumentException.
 */
public final class Amf0Writer {

    private static final int MAX_SHORT_STRING = 0xFFFF;

    private Amf0Writer() {
    }

    /** Writes each value in order, as in a command or data message body. */
    public static void writeAll(ByteBuf out, List<?> values) {
        for (Object value : values) {
            write(out, value, 0);
        }
    }

    public static void write(ByteBuf out, Object value) {
        write(out, value, 0);
    }

    private static void write(ByteBuf out, Object value, int depth) {
        if (value == null) {
            out.writeByte(Amf0.NULL);
        } else if (value == Amf0.UNDEFINED) {
            out.writeByte(Amf0.UNDEFINED_MARKER);
        } else if (value instanceof Boolean b) {
            out.writeByte(Amf0.BOOLEAN).writeByte(b ? 1 : 0);
        } else if (value instanceof Number n) {
            out.writeByte(Amf0.NUMBER).writeDouble(n.doubleValue());
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Amf0EcmaArray array) {
            out.writeByte(Amf0.ECMA_ARRAY).writeInt(array.size());
            writeProperties(out, array, depth + 1);
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(Amf0.OBJECT);
            writeProperties(out, map, depth + 1);
        } else if (value instanceof Amf0TypedObject typed) {
            out.writeByte(Amf0.TYPED_OBJECT);
            writeKey(out, typed.className());
            writeProperties(out, typed.properties(), depth + 1);
        } else if (value instanceof List<?> list) {
            checkDepth(depth + 1);
            out.writeByte(Amf0.STRICT_ARRAY).writeInt(list.size());
            for (Object element : list) {
                write(out, element, depth + 1);
            }
        } else if (value instanceof Amf0Date date) {
            out.writeByte(Amf0.DATE).writeDouble(date.epochMillis()).writeShort(date.timeZone());
        } else {
            throw new IllegalArgumentException("no AMF0 encoding for " + value.getClass().getName());
        }
    }

    private static void writeProperties(ByteBuf out, Map<?, ?> map, int depth) {
        checkDepth(depth);
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("AMF0 property names must be strings, got " + entry.getKey());
            }
            writeKey(out, key);
            write(out, entry.getValue(), depth);
        }
        out.writeShort(0).writeByte(Amf0.OBJECT_END);
    }

    private static void writeString(ByteBuf out, String s) {
        int length = ByteBufUtil.utf8Bytes(s);
        if (length > MAX_SHORT_STRING) {
            out.writeByte(Amf0.LONG_STRING).writeInt(length);
        } else {
            out.writeByte(Amf0.STRING).writeShort(length);
        }
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }

    private static void writeKey(ByteBuf out, String key) {
        int length = ByteBufUtil.utf8Bytes(key);
        if (length > MAX_SHORT_STRING) {
            throw new IllegalArgumentException("AMF0 property or class name longer than 65535 UTF-8 bytes");
        }
        out.writeShort(length);
        out.writeCharSequence(key, StandardCharsets.UTF_8);
    }

    private static void checkDepth(int depth) {
        if (depth > Amf0.MAX_DEPTH) {
            throw new IllegalArgumentException("AMF values nested deeper than " + Amf0.MAX_DEPTH + " levels");
        }
    }
}
