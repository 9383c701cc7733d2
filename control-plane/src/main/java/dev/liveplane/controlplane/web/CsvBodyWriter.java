package dev.liveplane.controlplane.web;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes an API model as CSV (RFC 4180) for routes the spec gives a {@code text/csv} answer: a model holding one list
 * of objects (a report's points or rows) becomes a header line of their property names in snake_case and one line per
 * item; any other model, one line of its own properties. Columns follow the spec's property order.
 */
@Singleton
@Produces(CsvBodyWriter.TEXT_CSV)
final class CsvBodyWriter implements MessageBodyWriter<Object> {

    static final String TEXT_CSV = "text/csv";

    @Override
    public boolean isWriteable(@NonNull Argument<Object> type, MediaType mediaType) {
        return BeanIntrospector.SHARED.findIntrospection(type.getType()).isPresent();
    }

    @Override
    public void writeTo(@NonNull Argument<Object> type, @NonNull MediaType mediaType, Object body,
            @NonNull MutableHeaders headers, @NonNull OutputStream out) throws CodecException {
        headers.set("Content-Type", TEXT_CSV + "; charset=utf-8");
        StringBuilder csv = new StringBuilder();
        Optional<BeanProperty<Object, Object>> lines = lines(body);
        if (lines.isPresent()) {
            // The header comes from the items' type, so a report without lines still names its columns.
            Class<?> itemType = lines.get().asArgument().getFirstTypeVariable().orElseThrow().getType();
            write(csv, introspection(itemType), null);
            for (Object item : (Collection<?>) lines.get().get(body)) {
                write(csv, introspection(item.getClass()), item);
            }
        } else {
            write(csv, introspection(body.getClass()), null);
            write(csv, introspection(body.getClass()), body);
        }
        try {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model's one property that is a list of objects, if it has one. */
    private static Optional<BeanProperty<Object, Object>> lines(Object body) {
        return introspection(body.getClass()).getBeanProperties().stream()
                .filter(property -> Collection.class.isAssignableFrom(property.getType())).findFirst();
    }

    /** One line: the property names of the type (a null {@code object}) or the object's values; lists left out. */
    private static void write(StringBuilder csv, BeanIntrospection<Object> type, Object object) {
        String separator = "";
        for (BeanProperty<Object, Object> property : type.getBeanProperties()) {
            if (Collection.class.isAssignableFrom(property.getType())) {
                continue;
            }
            csv.append(separator).append(object == null ? NameUtils.underscoreSeparate(property.getName())
                    .toLowerCase(Locale.ROOT) : cell(property.get(object)));
            separator = ",";
        }
        csv.append("\r\n");
    }

    private static String cell(Object value) {
        String text = value == null ? "" : value instanceof OffsetDateTime time
                ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time) : String.valueOf(value);
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    @SuppressWarnings("unchecked")
    private static BeanIntrospection<Object> introspection(Class<?> type) {
        return (BeanIntrospection<Object>) BeanIntrospector.SHARED.getIntrospection(type);
    }
}
