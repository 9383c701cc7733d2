package dev.liveplane.controlplane.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks a node-protocol exchange against {@code api/openapi.yaml}: path, method, parameters, status and both bodies.
 *
 * <p>The validator (Atlassian's swagger-request-validator) treats every object schema as closed unless the spec says
 * {@code additionalProperties}: a field the spec does not name fails, in either direction, so neither side can start
 * sending something the other side (or a third implementation written from the spec) would not expect.
 */
public final class NodeContract {

    /** The spec every module shares, found from the control-plane module's directory, where its tests run. */
    static final Path SPEC = Path.of("..", "api", "openapi.yaml").toAbsolutePath().normalize();

    private final OpenApiInteractionValidator validator;

    public NodeContract() {
        if (!Files.exists(SPEC)) {
            throw new AssertionError(SPEC + " is missing: run the tests from the control-plane module");
        }
        // Strict path matching: /internal/v1/nodes/register must not pass as /internal/v1/nodes/{id}/... by accident.
        validator = OpenApiInteractionValidator.createForSpecificationUrl(SPEC.toUri().toString())
                .withStrictOperationPathMatching().build();
    }

    /** What the exchange did that the spec does not describe; empty when it conforms. */
    public List<String> violations(NodeExchange exchange) {
        ValidationReport report = validator.validate(request(exchange), response(exchange));
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .toList();
    }

    private static SimpleRequest request(NodeExchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        exchange.requestHeaders().forEach(request::withHeader);
        for (String pair : exchange.query().isEmpty() ? new String[0] : exchange.query().split("&")) {
            int eq = pair.indexOf('=');
            request.withQueryParam(decode(eq < 0 ? pair : pair.substring(0, eq)),
                    eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        if (!exchange.requestBody().isEmpty()) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(NodeExchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        for (Map.Entry<String, List<String>> header : exchange.responseHeaders().entrySet()) {
            response.withHeader(header.getKey(), header.getValue());
        }
        if (!exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
