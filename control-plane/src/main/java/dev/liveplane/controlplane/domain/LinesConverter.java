package dev.liveplane.controlplane.domain;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;

/**
 * Stores a list of host patterns or CIDR blocks as one text column, one entry per line. Entries are validated
 * names and addresses, which never hold a line break, so the encoding is unambiguous and readable in SQL.
 */
@Singleton
final class LinesConverter implements AttributeConverter<List<String>, String> {

    @Override
    public String convertToPersistedValue(List<String> entityValue, ConversionContext context) {
        return join(entityValue);
    }

    static String join(List<String> entries) {
        return entries == null ? "" : String.join("\n", entries);
    }

    @Override
    public List<String> convertToEntityValue(String persistedValue, ConversionContext context) {
        return persistedValue == null || persistedValue.isEmpty() ? List.of()
                : Arrays.asList(persistedValue.split("\n"));
    }
}
