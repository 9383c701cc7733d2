package dev.liveplane.controlplane.callback;

import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks a webhook body against its schema in {@code api/openapi.yaml} ({@code PublishWebhook}, ...), every object
 * closed as the node contract's are: a field the spec does not name fails, so the documented body is the body sent.
 */
final class WebhookSpec {

    private static final OpenAPI SPEC = new OpenAPIV3Parser()
            .read(Path.of("..", "api", "openapi.yaml").toAbsolutePath().normalize().toUri().toString());

    private WebhookSpec() {
    }

    /** What in {@code body} the schema does not allow; empty when it conforms. */
    static List<String> problems(String body, String schema) {
        ValidationReport report = new SchemaValidator(SPEC, new MessageResolver())
                .validate(body, SPEC.getComponents().getSchemas().get(schema), "webhook");
        return report.getMessages().stream().map(ValidationReport.Message::getMessage).toList();
    }
}
