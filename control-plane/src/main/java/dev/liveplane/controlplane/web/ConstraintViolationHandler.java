package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.FieldError;
import dev.liveplane.controlplane.web.model.Problem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers bean-validation failures with every offending field: a body that breaks the spec's constraints is 422
 * {@code validation-failed}; a bad query, path or header parameter (or a missing body) is 400 {@code
 * invalid-parameter}.
 */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
final class ConstraintViolationHandler
        implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

    // Raw HttpRequest: the interface declares it so, and an override cannot narrow it.
    @Override
    @SuppressWarnings("rawtypes")
    public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
        List<FieldError> errors = new ArrayList<>();
        boolean inBody = true;
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            FieldLocation location = FieldLocation.of(violation.getPropertyPath());
            inBody &= location.inBody();
            errors.add(new FieldError(location.name(), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::getField));
        ProblemType type = inBody ? ProblemType.VALIDATION_FAILED : ProblemType.INVALID_PARAMETER;
        String detail = errors.stream().map(e -> e.getField() + " " + e.getMessage()).reduce((a, b) -> a + "; " + b)
                .orElse(null);
        return Problems.response(request, type, detail, errors);
    }

    /** Where a violation is: {@code createDomain.domainRequest.name} is the body field {@code name}. */
    private record FieldLocation(String name, boolean inBody) {

        static FieldLocation of(Path path) {
            List<String> properties = new ArrayList<>();
            String parameter = null;
            for (Path.Node node : path) {
                if (node.getKind() == ElementKind.PARAMETER) {
                    parameter = node.getName();
                } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT && !properties.isEmpty()) {
                    // A list item is reported as "<list element>"; the client named it refererAllow[3].
                    int last = properties.size() - 1;
                    properties.set(last, properties.get(last) + "[" + node.getIndex() + "]");
                } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                    String name = node.getName() == null ? "" : node.getName();
                    properties.add(node.getIndex() == null ? name : name + "[" + node.getIndex() + "]");
                }
            }
            if (properties.isEmpty()) {
                return new FieldLocation(parameter == null ? path.toString() : parameter, false);
            }
            return new FieldLocation(String.join(".", properties), true);
        }
    }
}
