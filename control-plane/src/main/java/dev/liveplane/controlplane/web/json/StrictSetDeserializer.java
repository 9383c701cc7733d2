package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON array into a Set (the spec's {@code uniqueItems} arrays, such as a recording rule's formats) as
 * {@link StrictListDeserializer} reads a List: any other shape, and null items, are refused naming the property.
 */
@Primary
@Singleton
final class StrictSetDeserializer implements Deserializer<Set<Object>> {

    private final StrictListDeserializer lists = new StrictListDeserializer();

    @Override
    public Deserializer<Set<Object>> createSpecific(DecoderContext context, Argument<? super Set<Object>> type)
            throws SerdeException {
        @SuppressWarnings("unchecked")
        Argument<List<Object>> asList = (Argument<List<Object>>) (Argument<?>) Argument.of(List.class, type.getName(),
                type.getAnnotationMetadata(), type.getTypeParameters());
        Deserializer<List<Object>> list = lists.createSpecific(context, asList);
        return new Deserializer<>() {
            @Override
            public Set<Object> deserialize(Decoder decoder, DecoderContext ctx, Argument<? super Set<Object>> t)
                    throws IOException {
                return new LinkedHashSet<>(list.deserialize(decoder, ctx, asList));
            }

            @Override
            public Set<Object> deserializeNullable(Decoder decoder, DecoderContext ctx,
                    Argument<? super Set<Object>> t) throws IOException {
                return decoder.decodeNull() ? null : deserialize(decoder, ctx, t);
            }
        };
    }

    @Override
    public Set<Object> deserialize(Decoder decoder, DecoderContext context, Argument<? super Set<Object>> type)
            throws IOException {
        return createSpecific(context, type).deserialize(decoder, context, type);
    }
}
