package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;

/** Reads a JSON integer into a Long (the spec's {@code int64}) and refuses strings, fractions and values out of range. */
@Primary
@Singleton
final class StrictLongDeserializer implements Deserializer<Long> {

    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        BigInteger integral = JsonShapes.integral(value);
        if (integral == null) {
            throw JsonShapes.wrongShape(decoder, type, "an integer", value);
        }
        if (integral.compareTo(MIN) < 0 || integral.compareTo(MAX) > 0) {
            throw decoder.createDeserializationException(
                    JsonShapes.name(type) + ": expected a 64-bit integer, got one out of range", null);
        }
        return integral.longValue();
    }

    @Override
    public Long deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Long> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
