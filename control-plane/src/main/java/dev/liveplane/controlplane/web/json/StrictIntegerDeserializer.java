package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Reads a JSON integer into an Integer (the spec's {@code int32}) and refuses strings, fractions and values out of
 * range, which Serde's own reader parsed, truncated or wrapped.
 */
@Primary
@Singleton
final class StrictIntegerDeserializer implements Deserializer<Integer> {

    private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
            throws IOException {
        Object value = decoder.decodeArbitrary();
        BigInteger integral = JsonShapes.integral(value);
        if (integral == null) {
            throw JsonShapes.wrongShape(decoder, type, "an integer", value);
        }
        if (integral.compareTo(MIN) < 0 || integral.compareTo(MAX) > 0) {
            throw decoder.createDeserializationException(
                    JsonShapes.name(type) + ": expected a 32-bit integer, got one out of range", null);
        }
        return integral.intValue();
    }

    @Override
    public Integer deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
