package dev.liveplane.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's browser session over real HTTP: the cookie's flags, the routes it reaches (a tenant's own, the
 * operator's), the CSRF token every change made with it needs, and log-out ending it for every copy.
 */
@MicronautTest
class ConsoleSessionTest extends ApiTestBase {

    private static final String COOKIE = "__Host-lp_session";

    @Test
    void logInPutsTheSessionInAnHttpOnlyStrictSecureCookieAndNeverInTheBody() {
        Api.Tenant tenant = api.signUp("Cookie flags");

        Api.Response response = api.post("/v1/auth/console/session", null,
                Map.of("email", tenant.email(), "password", Api.PASSWORD)).expect(200);

        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie).startsWith(COOKIE + "=lpc_");
        assertThat(setCookie.toLowerCase()).contains("; path=/", "; httponly", "; secure", "; samesite=strict",
                "; max-age=43200").doesNotContain("domain=");
        JsonNode body = response.json();
        assertThat(body.get("role").asText()).isEqualTo("tenant");
        assertThat(body.get("tenantId").asText()).isEqualTo(tenant.id());
        assertThat(body.get("tenantName").asText()).isEqualTo("Cookie flags");
        assertThat(body.get("email").asText()).isEqualTo(tenant.email());
        assertThat(body.get("csrfToken").asText()).hasSizeGreaterThan(30);
        assertThat(response.body()).doesNotContain(cookieValue(response));
        assertThat(body.has("accessToken")).isFalse();
    }

    @Test
    void signUpFromTheConsoleEndsLoggedInWithTheCookie() {
        Api.Response response = api.post("/v1/auth/console/signup", null, Map.of("email",
                "console-" + System.nanoTime() + "@example.org", "password", Api.PASSWORD, "tenantName", "Console"))
                .expect(201);
        String cookie = cookie(response);

        assertThat(asCookie("GET", "/v1/domains", cookie, null, null).status()).isEqualTo(200);
        JsonNode session = asCookie("GET", "/v1/auth/console/session", cookie, null, null).expect(200).json();
        assertThat(session.get("csrfToken").asText()).isEqualTo(response.json().get("csrfToken").asText());
    }

    @Test
    void changesMadeWithTheCookieNeedTheSessionsCsrfToken() {
        Session session = logIn(api.signUp("Csrf"));
        Map<String, String> domain = Map.of("name", Api.uniqueName("push", "csrf.test"), "type", "push");

        asCookie("POST", "/v1/domains", session.cookie(), null, domain).expectProblem(403, "csrf-token-invalid");
        asCookie("POST", "/v1/domains", session.cookie(), "not-the-token", domain)
                .expectProblem(403, "csrf-token-invalid");
        Session other = logIn(api.signUp("Csrf other"));
        asCookie("POST", "/v1/domains", session.cookie(), other.csrf(), domain)
                .expectProblem(403, "csrf-token-invalid");

        asCookie("POST", "/v1/domains", session.cookie(), session.csrf(), domain).expect(201);
        asCookie("GET", "/v1/domains/" + domain.get("name"), session.cookie(), null, null).expect(200);
    }

    @Test
    void aBearerRequestNeedsNoCsrfTokenWhateverCookieItCarries() {
        Api.Tenant tenant = api.signUp("Bearer and cookie");
        Session session = logIn(tenant);

        api.call("POST", "/v1/domains", tenant.token(), Map.of("name", Api.uniqueName("push", "bearer.test"),
                "type", "push"), "Cookie", COOKIE + "=" + session.cookie()).expect(201);
    }

    @Test
    void logOutEndsTheSessionForEveryCopyOfTheCookie() {
        Session session = logIn(api.signUp("Log out"));

        asCookie("DELETE", "/v1/auth/console/session", session.cookie(), null, null)
                .expectProblem(403, "csrf-token-invalid");
        Api.Response out = asCookie("DELETE", "/v1/auth/console/session", session.cookie(), session.csrf(), null)
                .expect(204);

        assertThat(out.header("Set-Cookie")).startsWith(COOKIE + "=;");
        assertThat(out.header("Set-Cookie").toLowerCase()).contains("max-age=0", "; httponly");
        asCookie("GET", "/v1/domains", session.cookie(), null, null).expectProblem(401, "unauthorized");
        assertThat(asCookie("GET", "/v1/auth/console/session", session.cookie(), null, null).status())
                .isEqualTo(204);
    }

    @Test
    void aTenantsCookieDoesNotReachAnotherTenantsDomain() {
        Api.Tenant a = api.signUp("Cookie A");
        Api.Tenant b = api.signUp("Cookie B");
        String bDomain = Api.uniqueName("push", "b.test");
        api.createDomain(b, bDomain, "push", null);
        Session aSession = logIn(a);

        asCookie("GET", "/v1/domains/" + bDomain, aSession.cookie(), null, null).expectProblem(404, "not-found");
        asCookie("DELETE", "/v1/domains/" + bDomain, aSession.cookie(), aSession.csrf(), null)
                .expectProblem(404, "not-found");
        assertThat(asCookie("GET", "/v1/domains", aSession.cookie(), null, null).expect(200).json().get("items"))
                .isEmpty();
        api.get("/v1/domains/" + bDomain, b.token()).expect(200);
    }

    @Test
    void theOperatorsCookieReachesTheOperatorRoutesAndATenantsDoesNot() {
        Api.Response operator = api.post("/v1/auth/console/session", null, Map.of("operatorToken", OPERATOR_TOKEN))
                .expect(200);
        assertThat(operator.json().get("role").asText()).isEqualTo("operator");
        assertThat(operator.json().has("tenantId")).isFalse();
        String operatorCookie = cookie(operator);
        String operatorCsrf = operator.json().get("csrfToken").asText();

        asCookie("GET", "/admin/v1/tenants", operatorCookie, null, null).expect(200);
        asCookie("POST", "/admin/v1/node-tokens", operatorCookie, null, Map.of("description", "console"))
                .expectProblem(403, "csrf-token-invalid");
        asCookie("POST", "/admin/v1/node-tokens", operatorCookie, operatorCsrf, Map.of("description", "console"))
                .expect(201);
        asCookie("GET", "/v1/domains", operatorCookie, null, null).expectProblem(403, "forbidden");

        Session tenant = logIn(api.signUp("Not the operator"));
        asCookie("GET", "/admin/v1/tenants", tenant.cookie(), null, null).expectProblem(403, "forbidden");
    }

    @Test
    void aWrongPasswordOrOperatorCredentialOpensNoSession() {
        Api.Tenant tenant = api.signUp("Wrong");

        Api.Response wrong = api.post("/v1/auth/console/session", null,
                Map.of("email", tenant.email(), "password", "not the password"));
        wrong.expectProblem(401, "unauthorized");
        assertThat(wrong.header("Set-Cookie")).isNull();
        api.post("/v1/auth/console/session", null, Map.of("operatorToken", "lpo_guess"))
                .expectProblem(401, "unauthorized");
        api.post("/v1/auth/console/session", null, Map.of("email", tenant.email()))
                .expectProblem(422, "validation-failed");
        api.post("/v1/auth/console/session", null, Map.of("operatorToken", OPERATOR_TOKEN, "email", tenant.email()))
                .expectProblem(422, "validation-failed");
    }

    @Test
    void aMadeUpOrMissingCookieIsNobody() {
        assertThat(asCookie("GET", "/v1/auth/console/session", "lpc_made-up", null, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/auth/console/session", null).status()).isEqualTo(204);
        asCookie("GET", "/v1/domains", "lpc_0000000000000000000000000a_" + "x".repeat(43), null, null)
                .expectProblem(401, "unauthorized");
    }

    private record Session(String cookie, String csrf) {
    }

    private Session logIn(Api.Tenant tenant) {
        Api.Response response = api.post("/v1/auth/console/session", null,
                Map.of("email", tenant.email(), "password", Api.PASSWORD)).expect(200);
        return new Session(cookie(response), response.json().get("csrfToken").asText());
    }

    private Api.Response asCookie(String method, String path, String cookie, String csrf, Object body) {
        return csrf == null ? api.call(method, path, null, body, "Cookie", COOKIE + "=" + cookie)
                : api.call(method, path, null, body, "Cookie", COOKIE + "=" + cookie, "X-CSRF-Token", csrf);
    }

    private static String cookie(Api.Response response) {
        return cookieValue(response);
    }

    private static String cookieValue(Api.Response response) {
        String header = response.header("Set-Cookie");
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }
}
