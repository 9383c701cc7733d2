package dev.liveplane.controlplane.web.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads {@code api/openapi.yaml} into the request bodies it defines: each operation with a body, and every property
 * of that body down to nested objects and array items, with its JSON path, type and limits.
 */
final class RequestSpec {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final Map<String, Object> schemas;
    private final List<BodyOperation> operations = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private RequestSpec(Map<String, Object> spec) {
        this.schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
        Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
        paths.forEach((path, item) -> METHODS.forEach(method -> {
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) item).get(method);
            if (operation == null || !operation.containsKey("requestBody")) {
                return;
            }
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) operation.get("requestBody"))
                    .get("content");
            Map<String, Object> json = (Map<String, Object>) content.get("application/json");
            String schema = refName((Map<String, Object>) json.get("schema"));
            operations.add(new BodyOperation((String) operation.get("operationId"), method.toUpperCase(), path,
                    schema, properties("", schema(schema))));
        }));
    }

    static RequestSpec load() {
        try (InputStream in = Files.newInputStream(Path.of("..", "api", "openapi.yaml"))) {
            return new RequestSpec(new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<BodyOperation> operations() {
        return operations;
    }

    /** The names of the component schemas that are request bodies. */
    List<String> requestSchemas() {
        return operations.stream().map(BodyOperation::schema).distinct().toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> schema(String name) {
        return (Map<String, Object>) schemas.get(name);
    }

    @SuppressWarnings("unchecked")
    private List<Property> properties(String prefix, Map<String, Object> object) {
        List<Property> found = new ArrayList<>();
        Map<String, Object> properties = (Map<String, Object>) object.getOrDefault("properties", Map.of());
        List<String> required = (List<String>) object.getOrDefault("required", List.of());
        properties.forEach((name, raw) -> {
            Map<String, Object> schema = resolve((Map<String, Object>) raw);
            String path = prefix + name;
            Property property = new Property(path, schema, required.contains(name));
            found.add(property);
            if ("object".equals(property.type())) {
                found.addAll(properties(path + ".", schema));
            } else if ("array".equals(property.type())) {
                Map<String, Object> items = resolve((Map<String, Object>) schema.get("items"));
                found.add(new Property(path + "[0]", items, true));
                if ("object".equals(items.get("type"))) {
                    found.addAll(properties(path + "[0].", items));
                }
            }
        });
        return found;
    }

    private Map<String, Object> resolve(Map<String, Object> schema) {
        return schema.containsKey("$ref") ? schema(refName(schema)) : schema;
    }

    private static String refName(Map<String, Object> schema) {
        String ref = (String) schema.get("$ref");
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** An operation that takes a JSON body of {@code schema}. */
    record BodyOperation(String operationId, String method, String path, String schema, List<Property> properties) {
    }

    /** One property of a body, {@code path} like {@code streams[0].app}. */
    record Property(String path, Map<String, Object> schema, boolean required) {

        String type() {
            return (String) schema.get("type");
        }

        Integer maxLength() {
            return (Integer) schema.get("maxLength");
        }

        boolean isEnum() {
            return schema.containsKey("enum");
        }

        String format() {
            return (String) schema.get("format");
        }
    }
}
