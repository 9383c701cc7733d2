package dev.liveplane.controlplane.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.liveplane.controlplane.web.model.Problem;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a body or parameter Micronaut could not read into a detail the client can act on: a value outside an enum
 * lists the values the spec allows, and JSON that does not parse says at which line and column it broke.
 */
final class UnreadableInputDetail {

    // A body enum: Serde wraps the generated enum's fromValue refusal as "Error decoding property [DomainType
    // type] of type [class ...DomainRequest]: Unexpected value 'pushh'" (a list of enums reads
    // "[List<CallbackEvent E> events]"), after Micronaut's "Failed to convert argument [...] ... due to: ".
    private static final Pattern BODY_ENUM = Pattern.compile(
            "Error decoding property \\[(?:[\\w.]+<)?([\\w.]+)(?: \\w+>)? (\\w+)] of type \\[[^]]*]: Unexpected value '");
    // A query or path enum: "Failed to convert argument [type] for value [relay] due to: No enum constant
    // dev.liveplane.controlplane.web.model.DomainType.relay".
    private static final Pattern PARAMETER_ENUM = Pattern.compile(
            "^Failed to convert argument \\[(\\w+)] for value \\[.*?] due to: No enum constant ([\\w.]+)\\.[^.]*$");
    // The generated API enums live beside Problem; their toString is the JSON value (push), not the constant (PUSH).
    private static final String MODELS = Problem.class.getPackageName() + ".";

    private UnreadableInputDetail() {
    }

    /** The detail for an enum or JSON syntax error, or empty when {@code message} is neither. */
    static Optional<String> of(String message, Throwable cause) {
        return enumDetail(message).or(() -> syntaxDetail(cause));
    }

    private static Optional<String> enumDetail(String message) {
        Matcher body = BODY_ENUM.matcher(message);
        if (body.find()) {
            return allowedValues(body.group(1)).map(values -> body.group(2) + ": must be one of " + values);
        }
        Matcher parameter = PARAMETER_ENUM.matcher(message);
        if (parameter.find()) {
            return allowedValues(parameter.group(2))
                    .map(values -> parameter.group(1) + ": must be one of " + values);
        }
        return Optional.empty();
    }

    private static Optional<String> allowedValues(String enumName) {
        String simpleName = enumName.substring(enumName.lastIndexOf('.') + 1);
        try {
            Class<?> type = Class.forName(MODELS + simpleName, false, UnreadableInputDetail.class.getClassLoader());
            if (!type.isEnum()) {
                return Optional.empty();
            }
            return Optional.of(Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ")));
        } catch (ClassNotFoundException notAnApiEnum) {
            return Optional.empty();
        }
    }

    private static Optional<String> syntaxDetail(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json && json.getLocation() != null
                    && json.getLocation() != JsonLocation.NA) {
                // getOriginalMessage: Jackson's own text without its source dump, which may echo secrets.
                JsonLocation at = json.getLocation();
                return Optional.of("Invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": "
                        + json.getOriginalMessage());
            }
        }
        return Optional.empty();
    }
}
