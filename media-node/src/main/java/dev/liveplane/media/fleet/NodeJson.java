package dev.liveplane.media.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one mapper between the node protocol's generated wire types ({@code dev.liveplane.api.node.model}) and JSON:
 * what the node accepts must be what api/openapi.yaml describes, so a property the spec does not name, a wrong type
 * or an enum value it does not list fails the read instead of being guessed at.
 */
final class NodeJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    /** Leaves the stream open: its owner still syncs the file under it (StateDir). */
    private static final ObjectWriter STREAMING = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private NodeJson() {
    }

    /** Reads {@code body} as {@code type}, refusing anything the spec does not describe. */
    static <T> T read(String body, Class<T> type) throws IOException {
        T value = MAPPER.readValue(body, type);
        if (value == null) {
            throw new IOException("expected a " + type.getSimpleName() + " object, got null");
        }
        return value;
    }

    /** A reader for {@code type} with the same settings. */
    static ObjectReader readerFor(Class<?> type) {
        return MAPPER.readerFor(type);
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // the generated types always serialize
        }
    }

    /** Writes {@code value} to {@code out} as UTF-8 JSON as it goes, without building it in memory first. */
    static void write(Object value, OutputStream out) throws IOException {
        STREAMING.writeValue(out, value);
    }
}
