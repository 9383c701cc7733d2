package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a careless or hostile client gets: a precise problem document, and nothing written. */
@MicronautTest
class BadInputTest extends ApiTestBase {

    private static final String SQL = "x'); DROP TABLE tenants; -- \" OR 1=1 #";

    @Test
    void anOversizedBodyIs413AndNothingIsCreated() {
        Api.Tenant tenant = api.signUp("Oversized");
        String name = Api.uniqueName("push", "example.com");
        String body = "{\"name\":\"" + name + "\",\"type\":\"push\",\"pad\":\"" + "x".repeat(1_100_000) + "\"}";

        api.post("/v1/domains", tenant.token(), body).expectProblem(413, "payload-too-large");

        api.get("/v1/domains/" + name, tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        Api.Tenant tenant = api.signUp("Unknown Field");
        String name = Api.uniqueName("push", "example.com");

        JsonNode problem = api.post("/v1/domains", tenant.token(),
                Map.of("name", name, "type", "push", "owner", "someone-else")).expectProblem(400, "malformed-request");

        assertThat(problem.get("detail").asText()).contains("owner").doesNotContain("dev.liveplane");
        api.get("/v1/domains/" + name, tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void malformedJsonAndWrongTypesAre400() {
        Api.Tenant tenant = api.signUp("Malformed");

        JsonNode syntax = api.post("/v1/domains", tenant.token(), "{\"name\": ").expectProblem(400,
                "malformed-request");
        api.post("/v1/domains", tenant.token(), "[1, 2]").expectProblem(400, "malformed-request");
        api.post("/v1/domains", tenant.token(), Map.of("name", Map.of("label", "a"), "type", "push"))
                .expectProblem(400, "malformed-request");
        api.post("/v1/domains", tenant.token(), Map.of("name", "x.example.com", "type", "relay"))
                .expectProblem(400, "malformed-request");
        api.post("/v1/domains", tenant.token(), null).expectProblem(400, "malformed-request");

        assertThat(syntax.get("detail").asText()).doesNotContain("\n");
    }

    @Test
    void aValueOutsideAnEnumIs400ListingTheAllowedValues() {
        Api.Tenant tenant = api.signUp("Enum Values");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(tenant, name, "push", null);

        JsonNode field = api.post("/v1/domains", tenant.token(),
                Map.of("name", Api.uniqueName("push", "example.com"), "type", "pushh"))
                .expectProblem(400, "malformed-request");
        JsonNode listItem = api.call("PUT", "/v1/domains/" + name + "/callbacks", tenant.token(),
                Map.of("url", "http://hooks.example.com/live", "events", List.of("publish", "nope")))
                .expectProblem(400, "malformed-request");
        JsonNode query = api.get("/v1/domains?type=relay", tenant.token()).expectProblem(400, "malformed-request");

        assertThat(field.get("detail").asText()).isEqualTo("type: must be one of push, pull");
        assertThat(listItem.get("detail").asText())
                .isEqualTo("events: must be one of publish, unpublish, record_done, record_failed, quota_low, "
                        + "suspended, resumed");
        assertThat(query.get("detail").asText()).isEqualTo("type: must be one of push, pull");
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        Api.Tenant tenant = api.signUp("Json Syntax");

        JsonNode cutShort = api.post("/v1/domains", tenant.token(), "{\"name\":").expectProblem(400,
                "malformed-request");
        JsonNode bareWord = api.post("/v1/domains", tenant.token(),
                "{\n  \"name\": \"a.example.com\",\n  \"type\": push\n}").expectProblem(400, "malformed-request");

        assertThat(cutShort.get("detail").asText())
                .isEqualTo("Invalid JSON at line 1, column 9: Unexpected end-of-input within/between Object entries");
        assertThat(bareWord.get("detail").asText()).isEqualTo("Invalid JSON at line 3, column 11: Unrecognized token "
                + "'push': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void wrongJsonTypesAreNotCoercedAndABodyNeedsItsContentType() {
        Api.Tenant tenant = api.signUp("Coerced");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(tenant, name, "push", null);
        String other = Api.uniqueName("push", "example.com");

        JsonNode array = api.post("/v1/domains", tenant.token(), Map.of("name", List.of(other), "type", "push"))
                .expectProblem(400, "malformed-request");
        JsonNode text = api.call("PATCH", "/v1/domains/" + name, tenant.token(), Map.of("enabled", "false"))
                .expectProblem(400, "malformed-request");
        api.post("/v1/domains", tenant.token(), Api.write(Map.of("name", other, "type", "push")),
                "Content-Type", null).expectProblem(415, "unsupported-media-type");

        assertThat(array.get("detail").asText()).contains("name: expected a string, got an array");
        assertThat(text.get("detail").asText()).contains("enabled: expected true or false, got a string");
        assertThat(api.get("/v1/domains/" + name, tenant.token()).json().get("enabled").asBoolean()).isTrue();
        api.get("/v1/domains/" + other, tenant.token()).expectProblem(404, "not-found");
    }

    @Test
    void missingRequiredFieldsAre422WithEachField() {
        Api.Tenant tenant = api.signUp("Missing");

        JsonNode problem = api.post("/v1/domains", tenant.token(), Map.of()).expectProblem(422, "validation-failed");

        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("name", "type");
    }

    @Test
    void wrongMediaTypeMethodAndRouteAreProblemsToo() {
        Api.Tenant tenant = api.signUp("Routing");

        api.post("/v1/domains", tenant.token(), "name=x", "Content-Type", "text/plain")
                .expectProblem(415, "unsupported-media-type");
        api.call("PUT", "/v1/domains", tenant.token(), Map.of()).expectProblem(405, "method-not-allowed");
        api.get("/v1/nothing-here", tenant.token()).expectProblem(404, "not-found");
        api.get("/nothing-here", null).expectProblem(404, "not-found");
    }

    @Test
    void sqlMetacharactersInNamesAreStoredLiterally() {
        Api.Tenant tenant = api.signUp(SQL);

        JsonNode key = api.post("/v1/api-keys", tenant.token(), Map.of("name", SQL)).expect(201).json();

        assertThat(key.get("name").asText()).isEqualTo(SQL);
        assertThat(api.get("/v1/api-keys", tenant.token()).json().get("items").get(0).get("name").asText())
                .isEqualTo(SQL);
        JsonNode tenants = api.get("/admin/v1/tenants?pageSize=100", OPERATOR_TOKEN).expect(200).json();
        assertThat(tenants.get("items").findValuesAsText("name")).contains(SQL);
        assertThat(api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("cname").asText()).contains(".x-drop-table-tenants-or-1-1.lv.");
    }

    @Test
    void sqlMetacharactersInDomainsKeysAndTokensAreRefused() {
        Api.Tenant tenant = api.signUp("Injector");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(tenant, name, "push", null);

        api.post("/v1/domains", tenant.token(), Map.of("name", "a.example.com' OR '1'='1", "type", "push"))
                .expectProblem(422, "invalid-domain-name");
        api.get("/v1/domains/x.example.com'%20OR%20'1'='1", tenant.token()).expectProblem(404, "not-found");
        api.get("/v1/domains?pageToken=' OR 1=1 --".replace(" ", "%20"), tenant.token())
                .expectProblem(400, "invalid-page-token");
        api.call("PATCH", "/v1/domains/" + name, tenant.token(), Map.of("refererAllow", List.of(SQL)))
                .expectProblem(422, "validation-failed");
        api.delete("/v1/api-keys/1%20OR%201=1", tenant.token()).expectProblem(404, "not-found");
        api.get("/v1/domains", "lpk_x' OR '1'='1").expectProblem(401, "unauthorized");
        assertThat(api.get("/v1/domains", tenant.token()).json().get("items").findValuesAsText("name"))
                .containsExactly(name);
    }

    @Test
    void aSaneRequestIdIsKeptAndAnythingElseReplaced() {
        Api.Response kept = api.call("GET", "/v1/domains", null, null, "X-Request-Id", "trace-4f2a.91:b");
        Api.Response replaced = api.call("GET", "/v1/domains", null, null, "X-Request-Id",
                "evil\" requestId=forged " + String.join("", Collections.nCopies(10, "long")));

        assertThat(kept.header("X-Request-Id")).isEqualTo("trace-4f2a.91:b");
        assertThat(kept.expectProblem(401, "unauthorized").get("requestId").asText()).isEqualTo("trace-4f2a.91:b");
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(api.get("/v1/auth/nothing", null).header("X-Request-Id")).isNotBlank();
    }
}
