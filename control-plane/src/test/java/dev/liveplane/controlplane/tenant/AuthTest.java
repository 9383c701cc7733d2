package dev.liveplane.controlplane.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@MicronautTest
class AuthTest extends ApiTestBase {

    @Test
    void signUpAnswersASessionThatWorksForAnHour() {
        String email = "Owner-" + UUID.randomUUID() + "@Example.org";
        Api.Response response = api.post("/v1/auth/signup", null,
                Map.of("email", email, "password", Api.PASSWORD, "tenantName", "Acme"));

        JsonNode session = response.expect(201).json();
        assertThat(session.get("tokenType").asText()).isEqualTo("Bearer");
        assertThat(session.get("expiresIn").asLong()).isEqualTo(3600);
        assertThat(session.get("tenantId").asText()).isNotBlank();
        api.get("/v1/api-keys", session.get("accessToken").asText()).expect(200);
    }

    @Test
    void logInWithTheSignUpPasswordAnyCaseOfEmail() {
        Api.Tenant tenant = api.signUp("Login Co");

        JsonNode session = api.post("/v1/auth/login", null,
                Map.of("email", tenant.email().toUpperCase(), "password", Api.PASSWORD)).expect(200).json();

        assertThat(session.get("tenantId").asText()).isEqualTo(tenant.id());
        api.get("/v1/domains", session.get("accessToken").asText()).expect(200);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameRefusal() {
        Api.Tenant tenant = api.signUp("Refusals");

        JsonNode wrongPassword = api.post("/v1/auth/login", null,
                Map.of("email", tenant.email(), "password", "not the password")).expectProblem(401, "unauthorized");
        JsonNode unknownEmail = api.post("/v1/auth/login", null,
                Map.of("email", "nobody-" + UUID.randomUUID() + "@example.org", "password", Api.PASSWORD))
                .expectProblem(401, "unauthorized");

        assertThat(wrongPassword.get("detail")).isEqualTo(unknownEmail.get("detail"));
    }

    @Test
    void anEmailHasOneAccount() {
        Api.Tenant tenant = api.signUp("First");

        JsonNode problem = api.post("/v1/auth/signup", null,
                Map.of("email", tenant.email(), "password", Api.PASSWORD, "tenantName", "Second"))
                .expectProblem(409, "email-taken");

        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("email");
    }

    @Test
    void shortPasswordsAndBadEmailsAreRefusedFieldByField() {
        JsonNode problem = api.post("/v1/auth/signup", null,
                Map.of("email", "not-an-email", "password", "short", "tenantName", "X"))
                .expectProblem(422, "validation-failed");

        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("email", "password");
    }

    @Test
    void protectedRoutesNeedAValidCredential() {
        Api.Tenant tenant = api.signUp("Tokens");
        String[] parts = tenant.token().split("\\.");
        String otherTenantClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(tenant.id(), "01hzzzzzzzzzzzzzzzzzzzzzzz").getBytes(StandardCharsets.UTF_8));
        String unsigned = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";

        api.get("/v1/domains", null).expectProblem(401, "unauthorized");
        api.get("/v1/domains", "lpk_nope").expectProblem(401, "unauthorized");
        api.get("/v1/domains", parts[0] + "." + otherTenantClaims + "." + parts[2]).expectProblem(401, "unauthorized");
        api.get("/v1/domains", unsigned).expectProblem(401, "unauthorized");
        api.call("GET", "/v1/domains", null, null, "Authorization", "Basic " + tenant.token())
                .expectProblem(401, "unauthorized");
    }

    @Test
    void theTenantSlugInCnameTargetsComesFromItsName() {
        Api.Tenant tenant = api.signUp("Café Ünïcode, Inc. & Co");

        JsonNode domain = api.createDomain(tenant, Api.uniqueName("push", "example.net"), "push", null);

        assertThat(domain.get("cname").asText()).endsWith(".cafe-unicode-inc-co.lv." + ZONE);
    }

    @Test
    void tenantsWithTheSameNameGetDistinctSlugs() {
        Api.Tenant first = api.signUp("Same Name");
        Api.Tenant second = api.signUp("Same Name");

        String firstCname = api.createDomain(first, Api.uniqueName("a", "example.net"), "push", null)
                .get("cname").asText();
        String secondCname = api.createDomain(second, Api.uniqueName("b", "example.net"), "push", null)
                .get("cname").asText();

        assertThat(slug(firstCname)).isNotEqualTo(slug(secondCname));
        assertThat(slug(secondCname)).startsWith("same-name");
    }

    private static String slug(String cname) {
        String beforeZone = cname.substring(0, cname.indexOf(".lv." + ZONE));
        return beforeZone.substring(beforeZone.lastIndexOf('.') + 1);
    }
}
