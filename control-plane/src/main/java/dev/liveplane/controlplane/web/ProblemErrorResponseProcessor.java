package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.web.model.Problem;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the errors Micronaut answers itself (no route, wrong method or media type, unreadable JSON, body too large,
 * unexpected exceptions) into problem documents. Server errors never carry the exception's message.
 */
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    // Deserialization messages name generated classes (dev.liveplane...model.DomainRequest) and wrap the cause in
    // Micronaut's own words; the client needs the cause only.
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z][A-Za-z0-9_$]*)");
    private static final Pattern CONVERSION_PREFIX = Pattern.compile(
            "^Failed to convert argument \\[[^]]*] for value \\[.*?] due to: ");
    private static final Pattern UNKNOWN_PROPERTY = Pattern.compile("Unknown property \\[([^]]{1,100})]");

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        ProblemType type = ProblemType.forStatus(status);
        String detail = status.getCode() >= 500 ? "Quote the request id when reporting this." : detail(context);
        return response.contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
                .body(Problems.body(context.getRequest(), type, detail, List.of()));
    }

    private static String detail(ErrorContext context) {
        Throwable cause = context.getRootCause().orElse(null);
        List<String> messages = context.getErrors().stream().map(Error::getMessage)
                .map(message -> clean(message, cause)).toList();
        return messages.isEmpty() ? null : String.join("; ", messages);
    }

    private static String clean(String message, Throwable cause) {
        String firstLine = message.lines().findFirst().orElse("");
        Optional<String> unreadable = UnreadableInputDetail.of(firstLine, cause);
        if (unreadable.isPresent()) {
            return unreadable.get();
        }
        Matcher unknown = UNKNOWN_PROPERTY.matcher(firstLine);
        if (unknown.find()) {
            return "Unknown field '" + unknown.group(1) + "': send only the fields the API defines";
        }
        String conversionCause = CONVERSION_PREFIX.matcher(firstLine).replaceFirst("");
        return QUALIFIED_CLASS.matcher(conversionCause).replaceAll("$1");
    }
}
