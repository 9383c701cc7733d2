package dev.liveplane.media.protocol.amf0;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values (AMF0 spec 2), and AMF3 values behind the avmplus marker, from a ByteBuf into plain Java
 * objects.
 *
 * <p>Mapping: number → Double, boolean → Boolean, string, long string and XML document → String, object →
 * LinkedHashMap, ECMA array → {@link Amf0EcmaArray}, strict array → List, date → {@link Amf0Date}, typed object →
 * {@link Amf0TypedObject}, null → null, undefined → {@link Amf0#UNDEFINED}. References (marker 0x07) are refused:
 * no RTMP client sends them in commands, and resolving them lets a few bytes describe a huge shared graph.
 *
 * <p>Malformed input, nesting deeper than {@link Amf0#MAX_DEPTH} and lengths beyond the remaining bytes throw
 * {@link AmfException}; nothing is allocated for a length before the bytes behind it are known to be there.
 */
public final class Amf0Reader {

    private Amf0Reader() {
    }

    /** Reads one value at the reader index and moves the reader index past it. */
    public static Object read(ByteBuf in) {
        return read(in, 0);
    }

    /** Reads values until the buffer has no readable bytes left, as in a command or data message body. */
    public static List<Object> readAll(ByteBuf in) {
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            values.add(read(in, 0));
        }
        return values;
    }

    static Object read(ByteBuf in, int depth) {
        need(in, 1, "value marker");
        int marker = in.readUnsignedByte();
        switch (marker) {
            case Amf0.NUMBER:
                need(in, 8, "number");
                return in.readDouble();
            case Amf0.BOOLEAN:
                need(in, 1, "boolean");
                return in.readByte() != 0;
            case Amf0.STRING:
                return readUtf8(in);
            case Amf0.OBJECT:
                return readProperties(in, new LinkedHashMap<>(), depth + 1);
            case Amf0.NULL:
                return null;
            case Amf0.UNDEFINED_MARKER:
                return Amf0.UNDEFINED;
            case Amf0.ECMA_ARRAY:
                // The count is advisory (AMF0 spec 2.10); the object-end marker ends the array.
                need(in, 4, "ECMA array count");
                in.skipBytes(4);
                return readProperties(in, new Amf0EcmaArray(), depth + 1);
            case Amf0.STRICT_ARRAY:
                return readStrictArray(in, depth + 1);
            case Amf0.DATE:
                need(in, 10, "date");
                return new Amf0Date(in.readDouble(), in.readShort());
            case Amf0.LONG_STRING:
            case Amf0.XML_DOCUMENT:
                return readLongUtf8(in);
            case Amf0.TYPED_OBJECT:
                String className = readUtf8(in);
                return new Amf0TypedObject(className, readProperties(in, new LinkedHashMap<>(), depth + 1));
            case Amf0.AVMPLUS_OBJECT:
                return new Amf3Reader(in).read(depth);
            case Amf0.REFERENCE:
                throw new AmfException("AMF0 reference (marker 0x07) is not supported");
            case Amf0.OBJECT_END:
                throw new AmfException("AMF0 object-end marker where a value was expected");
            default:
                throw new AmfException("unknown or unsupported AMF0 marker 0x" + Integer.toHexString(marker));
        }
    }

    private static Map<String, Object> readProperties(ByteBuf in, Map<String, Object> target, int depth) {
        checkDepth(depth);
        // SRS accepts an object whose end marker was cut off at the end of the message; so do we.
        while (in.isReadable()) {
            String key = readUtf8(in);
            if (key.isEmpty() && in.isReadable() && in.getUnsignedByte(in.readerIndex()) == Amf0.OBJECT_END) {
                in.skipBytes(1);
                return target;
            }
            target.put(key, read(in, depth));
        }
        return target;
    }

    private static List<Object> readStrictArray(ByteBuf in, int depth) {
        checkDepth(depth);
        need(in, 4, "strict array count");
        long count = in.readUnsignedInt();
        // Every value takes at least one byte, so a count beyond the remaining bytes is a lie.
        if (count > in.readableBytes()) {
            throw new AmfException("AMF0 strict array claims " + count + " values but only " + in.readableBytes()
                    + " bytes remain");
        }
        List<Object> values = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
            values.add(read(in, depth));
        }
        return values;
    }

    static void checkDepth(int depth) {
        if (depth > Amf0.MAX_DEPTH) {
            throw new AmfException("AMF values nested deeper than " + Amf0.MAX_DEPTH + " levels");
        }
    }

    private static String readUtf8(ByteBuf in) {
        need(in, 2, "string length");
        return readChars(in, in.readUnsignedShort());
    }

    private static String readLongUtf8(ByteBuf in) {
        need(in, 4, "long string length");
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) {
            throw new AmfException("truncated AMF0 long string: " + length + " bytes declared, " + in.readableBytes()
                    + " left");
        }
        return readChars(in, (int) length);
    }

    static String readChars(ByteBuf in, int length) {
        need(in, length, "string");
        String s = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return s;
    }

    static void need(ByteBuf in, int length, String what) {
        if (in.readableBytes() < length) {
            throw new AmfException("truncated AMF " + what + ": needs " + length + " bytes, " + in.readableBytes()
                    + " left");
        }
    }
}
