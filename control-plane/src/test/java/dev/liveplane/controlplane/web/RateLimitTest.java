package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real limits (a few per minute) in a service of its own, since every test client shares one address. Each test
 * here trips a different limiter; the order they run in does not matter.
 */
@MicronautTest
class RateLimitTest extends ApiTestBase {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.rate-limits.logins-per-email", "5",
                "liveplane.rate-limits.failed-credentials-per-address", "10");
    }

    @Test
    void guessingOnePasswordIsSlowedDownEvenForTheRightOne() {
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
    void anAddressSendingBadCredentialsIsRefusedForAWhile() {
        Api.Tenant tenant = api.signUp("Innocent");
        for (int i = 0; i < 10; i++) {
            api.get("/v1/domains", "lpk_guess_" + i).expectProblem(401, "unauthorized");
        }

        Api.Response limited = api.get("/v1/domains", "another guess");

        limited.expectProblem(429, "rate-limited");
        assertThat(limited.header("Retry-After")).matches("\\d+");
        api.get("/v1/domains", tenant.token()).expectProblem(429, "rate-limited");
        api.post("/v1/auth/login", null, Map.of("email", tenant.email(), "password", Api.PASSWORD)).expect(200);
    }
}
