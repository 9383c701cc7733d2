package dev.liveplane.controlplane.web.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.recording.LocalBucket;
import dev.liveplane.controlplane.web.input.RequestSpec.BodyOperation;
import dev.liveplane.controlplane.web.input.RequestSpec.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every property of every request body of {@code api/openapi.yaml}, nested ones included, sent with each JSON type it
 * does not have (an array for a string, a string for a boolean or an integer, a number for a string, null for an
 * array item) is refused with 400 naming the property (nested objects and enums: 400); null for a required property
 * is 422 naming it, as when it is missing (so that one answer lists every missing field); and a body without {@code application/json} is 415. The
 * operations and properties come from the spec, so a new one is covered (or fails for want of a target) by itself.
 */
@MicronautTest
class WrongJsonTypesTest extends ApiTestBase {

    private final RequestSpec spec = RequestSpec.load();
    private RequestTargets targets;

    @Override
    protected Map<String, String> overrides() {
        return LocalBucket.properties();
    }

    @BeforeAll
    void targets() {
        targets = new RequestTargets(api);
    }

    @Test
    void everyValidBodyIsAcceptedSoThatEachRefusalBelowIsAboutOneValue() {
        for (BodyOperation operation : spec.operations()) {
            RequestTargets.Target target = targets.target(operation.operationId());
            int status = target.send(operation.method(), target.validBody().get()).status();
            assertThat(status).as(operation.operationId()).isBetween(200, 299);
        }
    }

    @Test
    void everyPropertyOfTheWrongJsonTypeIs400NamingIt() {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (BodyOperation operation : spec.operations()) {
            RequestTargets.Target target = targets.target(operation.operationId());
            for (Property property : operation.properties()) {
                for (Object value : wrongValues(property)) {
                    Map<String, Object> body = target.validBody().get();
                    JsonBodies.set(body, property.path(), value);
                    Api.Response response = target.send(operation.method(), body);
                    sent++;
                    // Serde names no property when a nested object is not an object, nor an enum's (it reads the
                    // enum's creator parameter); the strict readers name the others.
                    boolean named = !"object".equals(property.type()) && !property.isEnum();
                    String name = named ? JsonBodies.leaf(property.path()) : "";
                    String problem = SetAsideEvents.inOneEvent(operation.operationId(), property.path())
                            ? SetAsideEvents.setAsideNaming(response, property.path().equals("events[0]")
                                    || property.path().equals("records[0]") || property.path().equals("reports[0]")
                                    ? "" : name)
                            : refusal(response, name);
                    if (problem != null) {
                        wrong.add(operation.operationId() + " " + property.path() + "=" + Api.write(value) + ": "
                                + problem);
                    }
                }
            }
        }
        assertThat(sent).as("wrong-typed values sent").isGreaterThan(200);
        assertThat(wrong).as("wrong JSON types that were not refused with 400 naming the property").isEmpty();
    }

    @Test
    void nullForARequiredPropertyIsRefusedLikeAMissingOneNamingIt() {
        List<String> wrong = new ArrayList<>();
        for (BodyOperation operation : spec.operations()) {
            RequestTargets.Target target = targets.target(operation.operationId());
            operation.properties().stream().filter(Property::required).filter(p -> !p.path().endsWith("[0]"))
                    .forEach(property -> {
                        Map<String, Object> body = target.validBody().get();
                        JsonBodies.set(body, property.path(), null);
                        Api.Response response = target.send(operation.method(), body);
                        String name = JsonBodies.leaf(property.path());
                        if (SetAsideEvents.inOneEvent(operation.operationId(), property.path())) {
                            String problem = SetAsideEvents.setAsideNaming(response, name);
                            if (problem != null) {
                                wrong.add(operation.operationId() + " " + property.path() + ": " + problem);
                            }
                            return;
                        }
                        if (operation.operationId().equals("reportStreamEvents") && property.path().equals("events")
                                && response.status() == 400 && response.body().contains("events must be an array")) {
                            return; // no batch at all: the one case the events route refuses whole, as malformed
                        }
                        if (operation.operationId().equals("reportUsage") && property.path().equals("records")
                                && response.status() == 400 && response.body().contains("records must be an array")) {
                            return; // the same for the usage route
                        }
                        if (operation.operationId().equals("reportRecordings") && property.path().equals("reports")
                                && response.status() == 400 && response.body().contains("reports must be an array")) {
                            return; // and for the recordings route
                        }
                        if (response.status() != 422
                                || !response.json().path("errors").findValuesAsText("field").toString().contains(name)) {
                            wrong.add(operation.operationId() + " " + property.path() + ": " + response.body());
                        }
                    });
        }
        assertThat(wrong).as("required properties sent as null and not refused with 422 naming them").isEmpty();
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415OnEveryRoute() {
        for (BodyOperation operation : spec.operations()) {
            RequestTargets.Target target = targets.target(operation.operationId());
            String body = Api.write(target.validBody().get());
            for (String[] headers : List.of(new String[] {"Content-Type", null},
                    new String[] {"Content-Type", "text/plain"},
                    new String[] {"Content-Type", "application/x-www-form-urlencoded"})) {
                Api.Response response = target.send(operation.method(), body, headers);
                assertThat(response.status()).as(operation.operationId() + " with Content-Type '" + headers[1] + "'")
                        .isEqualTo(415);
                response.expectProblem(415, "unsupported-media-type");
            }
        }
    }

    /** Null when the response is the right refusal, else what was wrong with it. */
    private static String refusal(Api.Response response, String name) {
        if (response.status() != 400) {
            return "status " + response.status() + " " + response.body();
        }
        JsonNode problem = response.expectProblem(400, "malformed-request");
        String detail = problem.path("detail").asText();
        return detail.contains(name) ? null : "detail does not name it: " + detail;
    }

    private static List<Object> wrongValues(Property property) {
        List<Object> values = new ArrayList<>();
        if (property.path().endsWith("[0]")) {
            values.add(null);
        }
        String type = property.isEnum() ? "enum" : "date-time".equals(property.format()) ? "date-time"
                : property.type();
        switch (type) {
            case "string" -> values.addAll(List.of(List.of("a.b"), 42, true, Map.of("x", "y")));
            case "date-time" -> values.addAll(List.of(4_102_444_800L, "tomorrow", List.of("2100-01-01T00:00:00Z")));
            case "enum" -> values.addAll(List.of(1, List.of(((List<?>) property.schema().get("enum")).get(0))));
            case "boolean" -> values.addAll(List.of("false", 0, List.of(true)));
            case "integer" -> values.addAll(List.of("60", 60.5, true, List.of(60)));
            case "number" -> values.addAll(List.of("1.5", true, List.of(1.5)));
            case "array" -> values.addAll(List.of("x", Map.of("x", "y")));
            case "object" -> values.addAll(List.of("x", List.of(Map.of())));
            default -> throw new AssertionError("no wrong values for type " + type + " of " + property.path());
        }
        return values;
    }
}
