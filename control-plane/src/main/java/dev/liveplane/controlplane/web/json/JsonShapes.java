package dev.liveplane.controlplane.web.json;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Turns a JSON value Serde read whole ({@code decodeArbitrary}) into its shape, or into an error naming the shape. */
final class JsonShapes {

    private JsonShapes() {
    }

    static IOException wrongShape(Decoder decoder, Argument<?> type, String expected, Object found) {
        // The value itself stays out of the message: it may be large, or a secret sent in the wrong field.
        return decoder.createDeserializationException(name(type) + ": expected " + expected + ", got "
                + describe(found), null);
    }

    /** The property a value is read for, as the client wrote it ({@code enabled}, {@code refererAllow[]}). */
    static String name(Argument<?> type) {
        String name = type.getName();
        return name == null || name.isEmpty() ? "value" : name;
    }

    /** The JSON name of a decoded value's shape. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "an integer";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }

    /** The integral value of a JSON integer token, or null for any other shape (1.0 included). */
    static BigInteger integral(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big;
        }
        return null;
    }

    /**
     * The next value as an integer within {@code bits} (32 or 64) bits; a string, a fraction or a value out of range
     * is refused naming the property.
     */
    static BigInteger integerOf(Decoder decoder, Argument<?> type, int bits) throws IOException {
        Object value = decoder.decodeArbitrary();
        BigInteger integral = integral(value);
        if (integral == null) {
            throw wrongShape(decoder, type, "an integer", value);
        }
        if (integral.bitLength() > bits - 1) {
            throw decoder.createDeserializationException(
                    name(type) + ": expected a " + bits + "-bit integer, got one out of range", null);
        }
        return integral;
    }

    /** A JSON number of any kind, or null for any other shape. */
    static BigDecimal number(Object value) {
        BigInteger integral = integral(value);
        if (integral != null) {
            return new BigDecimal(integral);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        return null;
    }
}
