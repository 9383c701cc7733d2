package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Reads a JSON integer into an Integer (the spec's {@code int32}) and refuses strings, fractions and values out of
 * range, which Serde's own reader parsed, truncated or wrapped.
 */
@Primary
@Singleton
final class StrictIntegerDeserializer implements Deserializer<Integer> {

    @Override
    public Integer deserialize(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
            throws IOException {
        return JsonShapes.integerOf(decoder, type, 32).intValue();
    }

    @Override
    public Integer deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Integer> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
