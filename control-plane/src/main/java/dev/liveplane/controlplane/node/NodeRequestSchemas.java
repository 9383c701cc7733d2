package dev.liveplane.controlplane.node;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.NodePath;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a node's request body into the api module's wire type once it fits that type's schema in
 * {@code api/openapi.yaml}, and a body that does not into the problem the control plane answers with: a value of the
 * wrong JSON type, format or enum, or a property the spec does not name, is 400 (the body cannot be read as the type),
 * a value out of its bounds or a missing one is 422 naming each field. The spec, which the api jar carries, is read
 * and its schemas compiled once, at startup (a {@link Context} bean: a spec that cannot be read stops the service
 * from starting, not its first node).
 */
@Context
final class NodeRequestSchemas {

    /** Where the api jar carries the spec its wire types are generated from. */
    static final String SPEC = "classpath:dev/liveplane/api/openapi.yaml";
    /** The node protocol's request bodies, and one stream event, usage record or recording report, checked alone. */
    private static final List<String> SCHEMAS = List.of("NodeRegistration", "NodeHeartbeat", "StreamEvent",
            "UsageRecord", "RecordingReport");

    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final JsonMapper json;

    NodeRequestSchemas(JsonMapper json) {
        this.json = json;
        // Formats asserted (date-time): a time the wire type cannot hold is refused as a wrong type is.
        SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), builder -> builder
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        for (String name : SCHEMAS) {
            Schema schema = registry.getSchema(SchemaLocation.of(SPEC + "#/components/schemas/" + name));
            schema.initializeValidators(); // compiled now, $refs included, not on the first request
            schemas.put(name, schema);
        }
    }

    /**
     * The body read as {@code type}, once it fits the schema of the same name; otherwise the 400 or 422 problem
     * ({@link #problem}).
     */
    <T> T read(JsonNode body, Class<T> type) {
        List<Violation> violations = violations(type.getSimpleName(), body);
        if (!violations.isEmpty()) {
            throw problem(violations);
        }
        try {
            return json.readValueFromTree(body, type);
        } catch (IOException | RuntimeException e) {
            // What the schema cannot say: an integer beyond int32, say.
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not a " + type.getSimpleName()
                    + ": " + firstLine(e.getMessage()));
        }
    }

    /** What breaks the named schema in {@code instance}, fields named from it ({@code streams[2].viewers}). */
    List<Violation> violations(String schema, JsonNode instance) {
        Schema compiled = schemas.get(schema);
        if (compiled == null) {
            throw new IllegalArgumentException("no node request schema " + schema + " (known: " + SCHEMAS + ")");
        }
        List<Error> errors = compiled.validate(jackson(instance));
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(Violation.of(error));
        }
        violations.sort(Comparator.comparing(Violation::field));
        return violations;
    }

    /**
     * The problem a body with these violations gets: 400 for the first that makes it unreadable as its type, as
     * binding refused such a body before any bound was checked; else 422 naming each field once.
     */
    static ProblemException problem(List<Violation> violations) {
        Optional<Violation> malformed = violations.stream().filter(Violation::malformed).findFirst();
        if (malformed.isPresent()) {
            return new ProblemException(ProblemType.MALFORMED_REQUEST, malformed.get().toString());
        }
        Map<String, String> messages = new LinkedHashMap<>();
        violations.forEach(v -> messages.putIfAbsent(v.field(), v.message()));
        String detail = messages.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("; "));
        return ProblemException.invalidFields(detail, messages);
    }

    /** One way a value breaks its schema: where, what a client should fix, and whether it is unreadable (400). */
    record Violation(String field, String message, boolean malformed) {

        static Violation of(Error error) {
            String at = field(error.getInstanceLocation());
            tools.jackson.databind.JsonNode rule = error.getSchemaNode();
            return switch (error.getKeyword()) {
                // A property may be absent but not null: the spec marks none nullable, and null is how a client
                // says "missing" (422, as for a required property left out).
                case "type" -> error.getInstanceNode() != null && error.getInstanceNode().isNull()
                        && endsInProperty(error.getInstanceLocation())
                        ? new Violation(at, "must not be null", false)
                        : new Violation(at, "must be a JSON " + rule.asString() + ", not "
                                + typeOf(error.getInstanceNode()), true);
                case "required" -> new Violation(child(at, error.getProperty()), "must not be null", false);
                case "additionalProperties" -> new Violation(child(at, error.getProperty()),
                        "is not a property of this object in the spec", true);
                case "enum" -> new Violation(at, "must be one of " + rule, true);
                case "format" -> new Violation(at, "must be a " + rule.asString(), true);
                case "maxLength", "maxItems" -> new Violation(at, "size must be at most " + rule, false);
                case "minLength", "minItems" -> new Violation(at, "size must be at least " + rule, false);
                case "minimum" -> new Violation(at, "must be greater than or equal to " + rule, false);
                case "maximum" -> new Violation(at, "must be less than or equal to " + rule, false);
                case "pattern" -> new Violation(at, "must match \"" + rule.asString() + "\"", false);
                default -> new Violation(at, error.getMessage(), false);
            };
        }

        @Override
        public String toString() {
            return field + ": " + message;
        }

        /** {@code streams[0].viewers} for {@code $.streams[0].viewers}; {@code body} for the whole of it. */
        private static String field(NodePath path) {
            StringBuilder field = new StringBuilder();
            for (int i = 0; i < path.getNameCount(); i++) {
                Object element = path.getElement(i);
                if (element instanceof Integer index) {
                    field.append('[').append(index).append(']');
                } else {
                    field.append(field.isEmpty() ? "" : ".").append(element);
                }
            }
            return field.isEmpty() ? "body" : field.toString();
        }

        private static String child(String parent, String property) {
            return parent.equals("body") ? property : parent + "." + property;
        }

        private static boolean endsInProperty(NodePath path) {
            return path.getNameCount() > 0 && !(path.getElement(path.getNameCount() - 1) instanceof Integer);
        }

        private static String typeOf(tools.jackson.databind.JsonNode value) {
            if (value == null || value.isNull()) {
                return "null";
            }
            return value.isIntegralNumber() ? "integer" : value.getNodeType().name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The body as the validator's tree (Jackson 3's). One walk, no text in between: Micronaut has already parsed
     * the body, and the events route converts up to a thousand events a call.
     */
    static tools.jackson.databind.JsonNode jackson(JsonNode node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node == null || node.isNull()) {
            return nodes.nullNode();
        }
        if (node.isObject()) {
            ObjectNode object = nodes.objectNode();
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                object.set(entry.getKey(), jackson(entry.getValue()));
            }
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = nodes.arrayNode(node.size());
            for (JsonNode item : node.values()) {
                array.add(jackson(item));
            }
            return array;
        }
        if (node.isString()) {
            return nodes.stringNode(node.getStringValue());
        }
        if (node.isBoolean()) {
            return nodes.booleanNode(node.getBooleanValue());
        }
        Number number = node.getNumberValue();
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return nodes.numberNode(number.intValue());
        }
        if (number instanceof Long) {
            return nodes.numberNode(number.longValue());
        }
        if (number instanceof BigInteger big) {
            return nodes.numberNode(big);
        }
        if (number instanceof BigDecimal decimal) {
            return nodes.numberNode(decimal);
        }
        return nodes.numberNode(number.doubleValue());
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }
}
