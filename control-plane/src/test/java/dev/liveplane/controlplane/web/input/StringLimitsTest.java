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
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every string of every request body of {@code api/openapi.yaml} has a {@code maxLength}, and the service holds to
 * it: a value of exactly that length is not refused for its length and never fails the server (a 129-character JWT
 * {@code kid} inside a valid JWK was a 500), and one character more is 422 naming the property.
 */
@MicronautTest
class StringLimitsTest extends ApiTestBase {

    /** Codec names: the stream-events work (issue 11, item 3) bounds and stores them by its own rule. */
    private static final Set<String> OWNED_ELSEWHERE = Set.of("events[0].video.codec", "events[0].audio.codec",
            "reports[0].video.codec", "reports[0].audio.codec");

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
    void everyRequestStringHasAMaxLength() {
        List<String> unbounded = new ArrayList<>();
        for (BodyOperation operation : spec.operations()) {
            for (Property property : strings(operation)) {
                // Dates are bounded by their format.
                if (property.maxLength() == null && !"date-time".equals(property.format())
                        && !OWNED_ELSEWHERE.contains(property.path())) {
                    unbounded.add(operation.schema() + "." + property.path());
                }
            }
        }
        assertThat(unbounded).as("request strings without maxLength in api/openapi.yaml").isEmpty();
    }

    @Test
    void aStringAtItsLimitIsTakenAndOneCharacterMoreIs422NamingIt() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (BodyOperation operation : spec.operations()) {
            RequestTargets.Target target = targets.target(operation.operationId());
            for (Property property : strings(operation)) {
                if (property.maxLength() == null) {
                    continue;
                }
                int limit = property.maxLength();
                String name = JsonBodies.leaf(property.path());
                Api.Response atLimit = send(target, operation, property, limit);
                if (SetAsideEvents.inOneEvent(operation.operationId(), property.path())) {
                    String atLimitReason = SetAsideEvents.reason(atLimit);
                    if (atLimit.status() != 202 || (atLimitReason != null && atLimitReason.contains("size"))) {
                        wrong.add(operation.operationId() + " " + property.path() + " at " + limit + ": "
                                + atLimit.status() + " " + atLimit.body());
                    }
                    String overProblem = SetAsideEvents.setAsideNaming(
                            send(target, operation, property, limit + 1), name + ": size must be");
                    if (overProblem != null) {
                        wrong.add(operation.operationId() + " " + property.path() + " at " + (limit + 1) + ": "
                                + overProblem);
                    }
                    checked++;
                    continue;
                }
                if (atLimit.status() >= 500 || refusedForLength(atLimit, name)) {
                    wrong.add(operation.operationId() + " " + property.path() + " at " + limit + ": "
                            + atLimit.body());
                }
                Api.Response over = send(target, operation, property, limit + 1);
                if (over.status() != 422 || !refusedForLength(over, name)) {
                    wrong.add(operation.operationId() + " " + property.path() + " at " + (limit + 1) + ": "
                            + over.status() + " " + over.body());
                }
                checked++;
            }
        }
        assertThat(checked).as("bounded request strings checked").isGreaterThan(30);
        assertThat(wrong).as("strings not held to their maxLength").isEmpty();
    }

    @Test
    void aJwkWhoseKidIsLongerThanTheColumnIs422() {
        RequestTargets.Target target = targets.target("addJwtKey");

        JsonNode problem = target.send("POST", Map.of("jwk", RequestTargets.jwk("k".repeat(129))))
                .expectProblem(422, "invalid-jwk");
        target.send("POST", Map.of("jwk", RequestTargets.jwk("k".repeat(128)))).expect(200);

        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("jwk");
        assertThat(problem.get("detail").asText()).contains("kid is longer than 128");
    }

    private static Api.Response send(RequestTargets.Target target, BodyOperation operation, Property property,
            int length) {
        Map<String, Object> body = target.validBody().get();
        JsonBodies.set(body, property.path(), fill(JsonBodies.get(body, property.path()), length));
        return target.send(operation.method(), body);
    }

    /**
     * The valid value stretched to {@code length}: a JWK's kid grows inside the JSON (the case that failed the
     * server), anything else grows at its end, so the value keeps its shape as far as it can.
     */
    private static String fill(Object valid, int length) {
        String text = String.valueOf(valid);
        int missing = length - text.length();
        if (text.startsWith("{") && text.contains("\"kid\":\"")) {
            return text.replace("\"kid\":\"", "\"kid\":\"" + "k".repeat(missing));
        }
        return text + "a".repeat(missing);
    }

    /** Whether the answer is bean validation's length refusal for the property. */
    private static boolean refusedForLength(Api.Response response, String name) {
        if (response.status() != 422 && response.status() != 400) {
            return false;
        }
        for (JsonNode error : response.json().path("errors")) {
            String field = error.path("field").asText();
            String leaf = JsonBodies.leaf(field.replaceAll("\\[\\d+]$", "[0]"));
            if (leaf.equals(name) && error.path("message").asText().startsWith("size must be")) {
                return true;
            }
        }
        return false;
    }

    private static List<Property> strings(BodyOperation operation) {
        return operation.properties().stream().filter(p -> "string".equals(p.type()) && !p.isEnum()).toList();
    }
}
