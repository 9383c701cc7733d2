package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real limits (a few per minute) in a service of its own. Every {@link Api} call comes from 127.0.0.1; the
 * tests that need a second client send from another loopback address ({@link FromAddress}), each test its own, so
 * that the order they run in does not matter.
 */
@MicronautTest
class RateLimitTest extends ApiTestBase {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.rate-limits.logins-per-email", "5",
                "liveplane.rate-limits.logins-per-address", "8",
                "liveplane.rate-limits.failed-credentials-per-address", "10");
    }

    @Test
    void guessingOnePasswordIsSlowedDownEvenForTheRightOneFromTheGuessingAddress() {
        Api.Tenant tenant = api.signUp("Guessed");
        for (int i = 0; i < 5; i++) {
            api.post("/v1/auth/login", null, Map.of("email", tenant.email(), "password", "guess " + i))
                    .expectProblem(401, "unauthorized");
        }

        Api.Response limited = api.post("/v1/auth/login", null, Map.of("email", tenant.email(),
                "password", Api.PASSWORD));

        JsonNode problem = limited.expectProblem(429, "rate-limited");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(problem.get("detail").asText()).contains("try again in");
        api.post("/v1/auth/login", null, Map.of("email", api.signUp("Other").email(), "password", Api.PASSWORD))
                .expect(200);
    }

    @Test
    void theOwnerStillLogsInFromTheirOwnAddressWhileTheirEmailIsGuessedElsewhere() {
        Api.Tenant owner = api.signUp("Attacked");
        FromAddress attacker = new FromAddress("127.0.0.2", server.getURI());
        FromAddress ownersAddress = new FromAddress("127.0.0.3", server.getURI());
        for (int i = 0; i < 7; i++) {
            attacker.status("POST", "/v1/auth/login", null, login(owner.email(), "guess " + i));
        }

        assertThat(attacker.status("POST", "/v1/auth/login", null, login(owner.email(), Api.PASSWORD)))
                .as("the guessing address, with the right password").isEqualTo(429);
        assertThat(ownersAddress.status("POST", "/v1/auth/login", null, login(owner.email(), Api.PASSWORD)))
                .as("the owner, from an address that never failed for this email").isEqualTo(200);
        assertThat(ownersAddress.status("POST", "/v1/auth/login", null, login(owner.email(), "a typo")))
                .isEqualTo(401);
        assertThat(ownersAddress.status("POST", "/v1/auth/login", null, login(owner.email(), Api.PASSWORD)))
                .as("an address that failed once while the email is under attack waits too").isEqualTo(429);
    }

    @Test
    void anAddressGuessingAtManyEmailsIsRefusedButItsVictimsAreNot() {
        FromAddress guesser = new FromAddress("127.0.0.4", server.getURI());
        Api.Tenant victim = api.signUp("Victim");
        for (int i = 0; i < 8; i++) {
            assertThat(guesser.status("POST", "/v1/auth/login", null, login("nobody-" + i + "@example.org", "x")))
                    .isEqualTo(401);
        }

        assertThat(guesser.status("POST", "/v1/auth/login", null, login(victim.email(), Api.PASSWORD)))
                .isEqualTo(429);
        api.post("/v1/auth/login", null, Map.of("email", victim.email(), "password", Api.PASSWORD)).expect(200);
    }

    @Test
    void badBearerTokensFromAnAddressAreRefusedForAWhileButAValidKeyFromItIsNot() {
        Api.Tenant tenant = api.signUp("Innocent");
        String key = api.post("/v1/api-keys", tenant.token(), Map.of("name", "office")).expect(201).json()
                .get("secret").asText();
        FromAddress office = new FromAddress("127.0.0.5", server.getURI());
        for (int i = 0; i < 10; i++) {
            assertThat(office.status("GET", "/v1/domains", "lpk_guess_" + i, null)).isEqualTo(401);
        }

        assertThat(office.status("GET", "/v1/domains", "another guess", null)).isEqualTo(429);
        assertThat(office.status("GET", "/v1/domains", key, null)).as("a valid API key from that address")
                .isEqualTo(200);
        assertThat(office.status("GET", "/v1/domains", tenant.token(), null)).as("a valid session from it")
                .isEqualTo(200);
        assertThat(office.status("GET", "/v1/domains", "yet another guess", null)).isEqualTo(429);
        api.get("/v1/domains", "a guess from elsewhere").expectProblem(401, "unauthorized");
    }

    private static String login(String email, String password) {
        return Api.write(Map.of("email", email, "password", password));
    }
}
