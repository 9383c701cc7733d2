package dev.liveplane.controlplane.web.json;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.exceptions.SerdeException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array into a List, refusing any other shape and null items. Serde's own list readers pass null items
 * through (a {@code streams: [null]} heartbeat reached the service as a null stream) and read strings loosely.
 */
@Primary
@Singleton
final class StrictListDeserializer implements Deserializer<List<Object>> {

    @Override
    public Deserializer<List<Object>> createSpecific(DecoderContext context, Argument<? super List<Object>> type)
            throws SerdeException {
        Argument<?>[] generics = type.getTypeParameters();
        if (generics.length == 0) {
            throw new SerdeException("Cannot deserialize a raw list: " + type);
        }
        String name = JsonShapes.name(type);
        // Items carry the list's name, so that an item's own error says which list it is in.
        @SuppressWarnings("unchecked")
        Argument<Object> item = (Argument<Object>) Argument.of(generics[0].getType(), name + "[]",
                generics[0].getAnnotationMetadata(), generics[0].getTypeParameters());
        Deserializer<?> items = context.findDeserializer(item).createSpecific(context, item);
        return new Specific(name, item, items);
    }

    @Override
    public List<Object> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<Object>> type)
            throws IOException {
        return createSpecific(context, type).deserialize(decoder, context, type);
    }

    /** The reader of one list property, with its items' reader resolved once. */
    private record Specific(String name, Argument<Object> item, Deserializer<?> items)
            implements Deserializer<List<Object>> {

        @Override
        public List<Object> deserialize(Decoder decoder, DecoderContext context, Argument<? super List<Object>> type)
                throws IOException {
            Decoder array = openArray(decoder);
            List<Object> list = new ArrayList<>();
            while (array.hasNextArrayValue()) {
                if (array.decodeNull()) {
                    throw array.createDeserializationException(
                            name + "[" + list.size() + "]: expected a value, got null", null);
                }
                list.add(items.deserialize(array, context, item));
            }
            array.finishStructure();
            return list;
        }

        @Override
        public List<Object> deserializeNullable(Decoder decoder, DecoderContext context,
                Argument<? super List<Object>> type) throws IOException {
            return decoder.decodeNull() ? null : deserialize(decoder, context, type);
        }

        private Decoder openArray(Decoder decoder) throws IOException {
            try {
                return decoder.decodeArray();
            } catch (SerdeException e) {
                // Serde says only which token it met; the client needs to know which property was not an array.
                throw decoder.createDeserializationException(name + ": expected an array", null);
            }
        }
    }
}
