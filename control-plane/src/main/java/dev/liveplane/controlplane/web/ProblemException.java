package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.FieldError;
import java.util.List;
import java.util.Map;

/** A refusal the client can act on: answered as a problem document of its {@link ProblemType}. */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** A 422 naming the one field that is wrong. */
    public static ProblemException invalidField(ProblemType type, String field, String message) {
        return new ProblemException(type, field + ": " + message, List.of(new FieldError(field, message)), Map.of());
    }

    /** A 422 naming each field that is wrong with its message, in the map's order. */
    public static ProblemException invalidFields(String detail, Map<String, String> messages) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, detail, messages.entrySet().stream()
                .map(e -> new FieldError(e.getKey(), e.getValue())).toList(), Map.of());
    }

    /** A 404 that says the same whether the object is another tenant's or does not exist at all. */
    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " does not exist");
    }

    public ProblemType type() {
        return type;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
