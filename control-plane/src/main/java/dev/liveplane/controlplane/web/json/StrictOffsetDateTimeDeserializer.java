package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an RFC 3339 date-time string (the spec's {@code date-time}) into an OffsetDateTime and refuses every other
 * shape: Serde's own reader took a number as seconds since 1970, so {@code "at": 42} was an event of 1970.
 */
@Primary
@Singleton
final class StrictOffsetDateTimeDeserializer implements Deserializer<OffsetDateTime> {

    @Override
    public OffsetDateTime deserialize(Decoder decoder, DecoderContext context, Argument<? super OffsetDateTime> type)
            throws IOException {
        Object value = decoder.decodeArbitrary();
        if (!(value instanceof String text)) {
            throw JsonShapes.wrongShape(decoder, type, "an RFC 3339 date-time string", value);
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw decoder.createDeserializationException(JsonShapes.name(type)
                    + ": expected an RFC 3339 date-time with an offset, e.g. 2030-01-31T12:00:00Z", null);
        }
    }

    @Override
    public OffsetDateTime deserializeNullable(Decoder decoder, DecoderContext context,
            Argument<? super OffsetDateTime> type) throws IOException {
        return decoder.decodeNull() ? null : deserialize(decoder, context, type);
    }
}
