package dev.liveplane.media.protocol.amf0;

/** Names the AMF0 type markers (AMF0 spec 2.1) and the one AMF value Java has no type for, undefined. */
public final class Amf0 {

    public static final int NUMBER = 0x00;
    public static final int BOOLEAN = 0x01;
    public static final int STRING = 0x02;
    public static final int OBJECT = 0x03;
    public static final int MOVIECLIP = 0x04;
    public static final int NULL = 0x05;
    public static final int UNDEFINED_MARKER = 0x06;
    public static final int REFERENCE = 0x07;
    public static final int ECMA_ARRAY = 0x08;
    public static final int OBJECT_END = 0x09;
    public static final int STRICT_ARRAY = 0x0A;
    public static final int DATE = 0x0B;
    public static final int LONG_STRING = 0x0C;
    public static final int UNSUPPORTED = 0x0D;
    public static final int RECORDSET = 0x0E;
    public static final int XML_DOCUMENT = 0x0F;
    public static final int TYPED_OBJECT = 0x10;
    public static final int AVMPLUS_OBJECT = 0x11;

    /** The AMF undefined value (AMF0 marker 0x06, AMF3 marker 0x00), distinct from {@code null}. */
    public static final Object UNDEFINED = Undefined.INSTANCE;

    /** Deepest nesting of objects and arrays the reader and writer accept. */
    public static final int MAX_DEPTH = 32;

    private enum Undefined {
        INSTANCE;

        @Override
        public String toString() {
            return "undefined";
        }
    }

    private Amf0() {
    }
}
