package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/** Reads a JSON number into a Double (the spec's {@code double}) and refuses strings, booleans and arrays. */
@Primary
@Singleton
final class StrictDoubleDeserializer implements Deserializer<Double> {

    @Override
    public Double deserialize(Decoder decoder, DecoderContext context, Argument<? super Double> type)
            throws IOException {
        Object value = decoder.decodeArbitrary();
        BigDecimal number = JsonShapes.number(value);
        if (number == null) {
            throw JsonShapes.wrongShape(decoder, type, "a number", value);
        }
        return number.doubleValue();
    }

    @Override
    public Double deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Double> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
