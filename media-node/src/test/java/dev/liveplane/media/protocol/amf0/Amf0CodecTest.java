package dev.liveplane.media.protocol.amf0;

import static dev.liveplane.media.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Amf0CodecTest {

    /** One golden row: AMF bytes, the value they decode to, and whether the writer produces exactly those bytes. */
    record Row(String name, String hex, Object value, boolean encodesBack) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> golden() {
        return Stream.of(
                new Row("number", "00 3ff0000000000000", 1.0, true),
                new Row("negative number", "00 bfe0000000000000", -0.5, true),
                new Row("true", "01 01", true, true),
                new Row("false", "01 00", false, true),
                new Row("string", "02 0007 636f6e6e656374", "connect", true),
                new Row("empty string", "02 0000", "", true),
                new Row("UTF-8 string", "02 0002 c3a9", "é", true),
                new Row("null", "05", null, true),
                new Row("undefined", "06", Amf0.UNDEFINED, true),
                new Row("object", "03 0003 617070 02 0004 6c697665 0000 09", map("app", "live"), true),
                new Row("nested object", "03 0001 6f 03 0001 61 00 4000000000000000 0000 09 0000 09",
                        map("o", map("a", 2.0)), true),
                new Row("ECMA array", "08 00000001 0008 6475726174696f6e 00 4010000000000000 0000 09",
                        new Amf0EcmaArray(map("duration", 4.0)), true),
                new Row("strict array", "0a 00000003 00 3ff0000000000000 02 0001 61 05",
                        Arrays.asList(1.0, "a", null), true),
                new Row("date", "0b 4278bcfe56800000 0000", new Amf0Date(1.7e12, (short) 0), true),
                new Row("typed object", "10 0003 466f6f 0001 78 00 3ff0000000000000 0000 09",
                        new Amf0TypedObject("Foo", map("x", 1.0)), true),
                new Row("long string", "0c 00000003 616263", "abc", false),
                new Row("XML document", "0f 00000004 3c612f3e", "<a/>", false),
                // ECMA array counts are advisory; encoders that write 0 still list their entries.
                new Row("ECMA array with count 0", "08 00000000 0001 61 01 01 0000 09",
                        new Amf0EcmaArray(map("a", true)), false),
                // SRS accepts an object whose end marker is missing at the end of the message.
                new Row("object without end marker", "03 0003 617070 02 0004 6c697665", map("app", "live"), false),
                new Row("AMF3 undefined", "11 00", Amf0.UNDEFINED, false),
                new Row("AMF3 null", "11 01", null, false),
                new Row("AMF3 false", "11 02", false, false),
                new Row("AMF3 true", "11 03", true, false),
                new Row("AMF3 integer", "11 04 05", 5, false),
                new Row("AMF3 integer two bytes", "11 04 8100", 128, false),
                new Row("AMF3 integer minus one", "11 04 ffffffff", -1, false),
                new Row("AMF3 integer minimum", "11 04 c0808000", -268435456, false),
                new Row("AMF3 double", "11 05 3ff0000000000000", 1.0, false),
                new Row("AMF3 string", "11 06 0b 68656c6c6f", "hello", false),
                new Row("AMF3 XML", "11 0b 09 3c612f3e", "<a/>", false),
                new Row("AMF3 date", "11 08 01 4278bcfe56800000", new Amf0Date(1.7e12, (short) 0), false),
                new Row("AMF3 byte array", "11 0c 07 010203", new byte[] {1, 2, 3}, false),
                new Row("AMF3 dense array", "11 09 05 01 04 01 06 03 61", List.of(1, "a"), false),
                new Row("AMF3 mixed array", "11 09 03 03 6b 04 02 01 04 07",
                        new Amf0EcmaArray(map("k", 2, "0", 7)), false),
                new Row("AMF3 dynamic object", "11 0a 0b 01 03 61 04 01 01", map("a", 1), false),
                new Row("AMF3 sealed typed object", "11 0a 13 07 466f6f 03 78 04 02",
                        new Amf0TypedObject("Foo", map("x", 2)), false),
                new Row("AMF3 traits reference", "11 09 05 01 0a 13 07 466f6f 03 78 04 01 0a 01 04 02",
                        List.of(new Amf0TypedObject("Foo", map("x", 1)), new Amf0TypedObject("Foo", map("x", 2))),
                        false),
                new Row("AMF3 string reference", "11 09 05 01 06 03 61 06 00", List.of("a", "a"), false),
                new Row("AMF3 object inside AMF0 object", "03 0001 61 11 0a 0b 01 03 62 03 01 0000 09",
                        map("a", map("b", true)), false));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("nothing", "", "truncated"),
                Arguments.of("unknown marker", "12", "unknown or unsupported AMF0 marker 0x12"),
                Arguments.of("movieclip", "04", "marker 0x4"),
                Arguments.of("recordset", "0e", "marker 0xe"),
                Arguments.of("reference", "07 0001", "reference"),
                Arguments.of("object end as a value", "09", "object-end"),
                Arguments.of("truncated number", "00 3ff0", "truncated"),
                Arguments.of("truncated string", "02 0005 6162", "truncated"),
                Arguments.of("truncated key", "03 0005 61", "truncated"),
                Arguments.of("long string beyond input", "0c ffffffff 61", "4294967295 bytes declared"),
                Arguments.of("strict array count beyond input", "0a 7fffffff 05", "2147483647 values"),
                Arguments.of("truncated date", "0b 4278bcfe", "truncated"),
                Arguments.of("AMF3 truncated U29", "11 04 ff", "truncated"),
                Arguments.of("AMF3 unknown marker", "11 0d", "AMF3 marker 0xd"),
                Arguments.of("AMF3 string reference out of range", "11 06 02", "string reference 1"),
                Arguments.of("AMF3 object reference", "11 0a 00", "object reference"),
                Arguments.of("AMF3 traits reference out of range", "11 0a 05", "traits reference 1"),
                Arguments.of("AMF3 externalizable", "11 0a 07 01", "externalizable"),
                Arguments.of("AMF3 sealed count beyond input", "11 0a ffffff73 01", "sealed member count"),
                Arguments.of("AMF3 dense count beyond input", "11 09 ffffff7f 01", "array count"),
                Arguments.of("AMF3 string beyond input", "11 06 ffffff7f", "truncated"),
                Arguments.of("AMF3 array reference", "11 09 00", "array reference"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void decodes(Row row) {
        ByteBuf in = Unpooled.wrappedBuffer(hex(row.hex()));
        assertThat(Amf0Reader.read(in)).isEqualTo(row.value());
        assertThat(in.isReadable()).as("bytes left over").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("golden")
    void encodes(Row row) {
        if (!row.encodesBack()) {
            return;
        }
        ByteBuf out = Unpooled.buffer();
        Amf0Writer.write(out, row.value());
        assertThat(hex(out)).isEqualTo(hex(Unpooled.wrappedBuffer(hex(row.hex()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedInput(String name, String bytes, String message) {
        assertThatThrownBy(() -> Amf0Reader.read(Unpooled.wrappedBuffer(hex(bytes))))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining(message);
    }

    @Test
    void acceptsThirtyTwoLevelsAndRefusesThirtyThree() {
        assertThat(Amf0Reader.read(Unpooled.wrappedBuffer(nestedObjects(32)))).isInstanceOf(Map.class);
        assertThatThrownBy(() -> Amf0Reader.read(Unpooled.wrappedBuffer(nestedObjects(33))))
                .isInstanceOf(AmfException.class)
                .hasMessageContaining("deeper than 32");
    }

    @Test
    void refusesDepthBombsWithoutOverflowingTheStack() {
        byte[] arrays = new byte[5 * 100_000];
        for (int i = 0; i < arrays.length; i += 5) {
            arrays[i] = Amf0.STRICT_ARRAY;
            arrays[i + 4] = 1;
        }
        assertThatThrownBy(() -> Amf0Reader.read(Unpooled.wrappedBuffer(arrays))).isInstanceOf(AmfException.class);
        byte[] amf3Arrays = new byte[3 * 100_000];
        for (int i = 0; i < amf3Arrays.length; i += 3) {
            amf3Arrays[i] = 0x09;
            amf3Arrays[i + 1] = 0x03;
            amf3Arrays[i + 2] = 0x01;
        }
        ByteBuf amf3 = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(new byte[] {Amf0.AVMPLUS_OBJECT}),
                Unpooled.wrappedBuffer(amf3Arrays));
        assertThatThrownBy(() -> Amf0Reader.read(amf3)).isInstanceOf(AmfException.class);
    }

    @Test
    void writerRefusesWhatAmf0CannotCarry() {
        assertThatThrownBy(() -> Amf0Writer.write(Unpooled.buffer(), new Object()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Amf0Writer.write(Unpooled.buffer(), Map.of(1, "a")))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);
        assertThatThrownBy(() -> Amf0Writer.write(Unpooled.buffer(), cyclic))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper than 32");
    }

    @Test
    void writesLongStringsAsLongStrings() {
        String big = "x".repeat(70_000);
        ByteBuf out = Unpooled.buffer();
        Amf0Writer.write(out, big);
        assertThat((int) out.getUnsignedByte(0)).isEqualTo(Amf0.LONG_STRING);
        assertThat(Amf0Reader.read(out)).isEqualTo(big);
    }

    private static byte[] nestedObjects(int levels) {
        ByteBuf out = Unpooled.buffer();
        for (int i = 0; i < levels; i++) {
            out.writeByte(Amf0.OBJECT).writeShort(1).writeByte('o');
        }
        out.writeByte(Amf0.NULL);
        for (int i = 0; i < levels; i++) {
            out.writeShort(0).writeByte(Amf0.OBJECT_END);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
