package dev.liveplane.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local stack serves plain HTTP: its cookie drops Secure (and with it the __Host- prefix), nothing else. */
@MicronautTest
class ConsolePlainHttpCookieTest extends ApiTestBase {

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.console.secure-cookie", "false", "liveplane.console.session-lifetime", "2h");
    }

    @Test
    void theCookieIsHttpOnlyAndStrictButNotSecure() {
        Api.Tenant tenant = api.signUp("Plain HTTP");

        Api.Response response = api.post("/v1/auth/console/session", null,
                Map.of("email", tenant.email(), "password", Api.PASSWORD)).expect(200);

        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie).startsWith("lp_session=lpc_");
        assertThat(setCookie.toLowerCase()).contains("; httponly", "; samesite=strict", "; path=/", "; max-age=7200")
                .doesNotContain("secure");
        String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
        api.call("GET", "/v1/domains", null, null, "Cookie", "lp_session=" + cookie).expect(200);
        api.call("GET", "/v1/domains", null, null, "Cookie", "__Host-lp_session=" + cookie)
                .expectProblem(401, "unauthorized");
    }
}
