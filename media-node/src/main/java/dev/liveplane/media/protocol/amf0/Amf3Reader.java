package dev.liveplane.media.protocol.amf0;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one AMF3 value (AMF3 spec 3) that follows an AMF0 avmplus marker into the same Java types as
 * {@link Amf0Reader}; AMF3 integers become Integer and byte arrays byte[].
 *
 * <p>Each avmplus marker starts fresh reference tables (AMF0 spec 3.1). String and traits references are resolved;
 * object references are refused for the same reason AMF0 references are. Externalizable objects, vectors and
 * dictionaries are refused: decoding them needs class knowledge no RTMP command carries.
 */
final class Amf3Reader {

    private static final int UNDEFINED = 0x00;
    private static final int NULL = 0x01;
    private static final int FALSE = 0x02;
    private static final int TRUE = 0x03;
    private static final int INTEGER = 0x04;
    private static final int DOUBLE = 0x05;
    private static final int STRING = 0x06;
    private static final int XML_DOC = 0x07;
    private static final int DATE = 0x08;
    private static final int ARRAY = 0x09;
    private static final int OBJECT = 0x0A;
    private static final int XML = 0x0B;
    private static final int BYTE_ARRAY = 0x0C;

    private record Traits(String className, boolean dynamic, List<String> sealedNames) {
    }

    private final ByteBuf in;
    private final List<String> strings = new ArrayList<>();
    private final List<Traits> traits = new ArrayList<>();

    Amf3Reader(ByteBuf in) {
        this.in = in;
    }

    Object read(int depth) {
        Amf0Reader.need(in, 1, "AMF3 value marker");
        int marker = in.readUnsignedByte();
        switch (marker) {
            case UNDEFINED:
                return Amf0.UNDEFINED;
            case NULL:
                return null;
            case FALSE:
                return Boolean.FALSE;
            case TRUE:
                return Boolean.TRUE;
            case INTEGER:
                // U29 holds a 29-bit two's complement integer (AMF3 spec 3.6).
                return (readU29() << 3) >> 3;
            case DOUBLE:
                Amf0Reader.need(in, 8, "AMF3 double");
                return in.readDouble();
            case STRING:
                return readString();
            case XML_DOC:
            case XML:
                return Amf0Reader.readChars(in, inlineLength("XML"));
            case DATE:
                inlineLength("date");
                Amf0Reader.need(in, 8, "AMF3 date");
                return new Amf0Date(in.readDouble(), (short) 0);
            case ARRAY:
                return readArray(depth + 1);
            case OBJECT:
                return readObject(depth + 1);
            case BYTE_ARRAY:
                int length = inlineLength("byte array");
                Amf0Reader.need(in, length, "AMF3 byte array");
                byte[] bytes = new byte[length];
                in.readBytes(bytes);
                return bytes;
            default:
                throw new AmfException("unknown or unsupported AMF3 marker 0x" + Integer.toHexString(marker));
        }
    }

    private Object readArray(int depth) {
        Amf0Reader.checkDepth(depth);
        int denseCount = inlineLength("array");
        Map<String, Object> associative = new LinkedHashMap<>();
        for (String key = readString(); !key.isEmpty(); key = readString()) {
            associative.put(key, read(depth));
        }
        checkCount(denseCount, "array");
        List<Object> dense = new ArrayList<>(Math.min(denseCount, 1024));
        for (int i = 0; i < denseCount; i++) {
            dense.add(read(depth));
        }
        if (associative.isEmpty()) {
            return dense;
        }
        Amf0EcmaArray mixed = new Amf0EcmaArray(associative);
        for (int i = 0; i < dense.size(); i++) {
            mixed.put(Integer.toString(i), dense.get(i));
        }
        return mixed;
    }

    private Object readObject(int depth) {
        Amf0Reader.checkDepth(depth);
        int header = readU29();
        if ((header & 1) == 0) {
            throw new AmfException("AMF3 object reference is not supported");
        }
        Traits t;
        if ((header & 2) == 0) {
            int index = header >>> 2;
            if (index >= traits.size()) {
                throw new AmfException("AMF3 traits reference " + index + " beyond the " + traits.size()
                        + " traits read so far");
            }
            t = traits.get(index);
        } else {
            if ((header & 4) != 0) {
                throw new AmfException("AMF3 externalizable object is not supported");
            }
            int sealedCount = header >>> 4;
            String className = readString();
            checkCount(sealedCount, "sealed member");
            List<String> names = new ArrayList<>(Math.min(sealedCount, 1024));
            for (int i = 0; i < sealedCount; i++) {
                names.add(readString());
            }
            t = new Traits(className, (header & 8) != 0, names);
            traits.add(t);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : t.sealedNames()) {
            properties.put(name, read(depth));
        }
        if (t.dynamic()) {
            for (String key = readString(); !key.isEmpty(); key = readString()) {
                properties.put(key, read(depth));
            }
        }
        return t.className().isEmpty() ? properties : new Amf0TypedObject(t.className(), properties);
    }

    private String readString() {
        int header = readU29();
        if ((header & 1) == 0) {
            int index = header >>> 1;
            if (index >= strings.size()) {
                throw new AmfException("AMF3 string reference " + index + " beyond the " + strings.size()
                        + " strings read so far");
            }
            return strings.get(index);
        }
        String s = Amf0Reader.readChars(in, header >>> 1);
        // The empty string is never sent by reference (AMF3 spec 1.3.2).
        if (!s.isEmpty()) {
            strings.add(s);
        }
        return s;
    }

    /** Reads the U29 header of a value that may be sent by reference, refuses references, returns the length. */
    private int inlineLength(String what) {
        int header = readU29();
        if ((header & 1) == 0) {
            throw new AmfException("AMF3 " + what + " reference is not supported");
        }
        return header >>> 1;
    }

    private void checkCount(int count, String what) {
        if (count > in.readableBytes()) {
            throw new AmfException("AMF3 " + what + " count " + count + " exceeds the " + in.readableBytes()
                    + " bytes left");
        }
    }

    private int readU29() {
        int value = 0;
        for (int i = 0; i < 3; i++) {
            Amf0Reader.need(in, 1, "AMF3 U29");
            int b = in.readUnsignedByte();
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        Amf0Reader.need(in, 1, "AMF3 U29");
        return (value << 8) | in.readUnsignedByte();
    }
}
