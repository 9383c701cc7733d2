package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;

/** Reads a JSON integer into a Long (the spec's {@code int64}) and refuses strings, fractions and values out of range. */
@Primary
@Singleton
final class StrictLongDeserializer implements Deserializer<Long> {

    @Override
    public Long deserialize(Decoder decoder, DecoderContext context, Argument<? super Long> type) throws IOException {
        return JsonShapes.integerOf(decoder, type, 64).longValue();
    }

    @Override
    public Long deserializeNullable(Decoder decoder, DecoderContext context, Argument<? super Long> type)
            throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
