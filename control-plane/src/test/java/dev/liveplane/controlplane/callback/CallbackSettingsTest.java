package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest(transactional = false)
class CallbackSettingsTest extends ApiTestBase {

    @Test
    void theFirstPutMakesASecretThatLaterPutsKeepUntilRotatedOrReplaced() throws SQLException {
        Api.Tenant tenant = api.signUp("Hooked");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String path = "/v1/domains/" + push + "/callbacks";
        assertNotConfigured(api.get(path, tenant.token()).expect(200).json());

        JsonNode first = api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp"))
                .expect(200).json();
        assertThat(first.get("configured").asBoolean()).isTrue();
        assertThat(first.get("url").asText()).isEqualTo("https://hooks.example.com/lp");
        assertThat(texts(first.get("events"))).containsExactly("publish", "unpublish", "record_done", "record_failed",
                "quota_low", "suspended", "resumed");
        String secret = first.get("secret").asText();
        assertThat(secret).startsWith("lpw_").hasSizeGreaterThan(30);
        assertThat(api.get(path, tenant.token()).expect(200).json()).isEqualTo(first);
        assertThat(sealedSecret(push)).doesNotContain(secret).doesNotContain(secret.substring(4));

        JsonNode kept = api.call("PUT", path, tenant.token(), Map.of("url", "http://hooks.example.com:8443/v2",
                "events", List.of("unpublish", "publish"))).expect(200).json();
        assertThat(kept.get("secret").asText()).isEqualTo(secret);
        assertThat(texts(kept.get("events"))).containsExactly("publish", "unpublish");
        assertThat(kept.get("url").asText()).isEqualTo("http://hooks.example.com:8443/v2");

        JsonNode rotated = api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp",
                "rotateSecret", true)).expect(200).json();
        assertThat(rotated.get("secret").asText()).startsWith("lpw_").isNotEqualTo(secret);
        assertThat(texts(rotated.get("events"))).hasSize(7);
        JsonNode everyEventNamed = api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp",
                "events", List.of("resumed", "suspended", "quota_low", "record_failed", "record_done", "unpublish",
                        "publish"))).expect(200).json();
        assertThat(texts(everyEventNamed.get("events"))).containsExactlyElementsOf(texts(rotated.get("events")));

        String own = "my-own-webhook-secret-1234";
        JsonNode given = api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp",
                "secret", own)).expect(200).json();
        assertThat(given.get("secret").asText()).isEqualTo(own);
        assertThat(api.get(path, tenant.token()).json().get("secret").asText()).isEqualTo(own);
        assertThat(sealedSecret(push)).doesNotContain(own);

        api.delete(path, tenant.token()).expect(204);
        assertNotConfigured(api.get(path, tenant.token()).expect(200).json());
        api.delete(path, tenant.token()).expect(204);
        JsonNode fresh = api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp"))
                .expect(200).json();
        assertThat(fresh.get("secret").asText()).isNotEqualTo(own);
    }

    @Test
    void onlyHttpUrlsOfTheTenantsPushDomainsAreTaken() {
        Api.Tenant tenant = api.signUp("Picky");
        Api.Tenant stranger = api.signUp("Stranger");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String pull = api.createDomain(tenant, Api.uniqueName("play", "example.com"), "pull", push)
                .get("name").asText();
        String path = "/v1/domains/" + push + "/callbacks";

        for (String url : List.of("ftp://hooks.example.com/x", "/relative/path", "hooks.example.com/x",
                "https://", "http://exa mple.com/", "javascript:alert(1)", "file:///etc/passwd")) {
            JsonNode problem = api.call("PUT", path, tenant.token(), Map.of("url", url))
                    .expectProblem(422, "validation-failed");
            assertThat(problem.get("errors").get(0).get("field").asText()).as(url).isEqualTo("url");
        }
        api.call("PUT", path, tenant.token(), Map.of("url", "https://h.example.com", "secret", "short"))
                .expectProblem(422, "validation-failed");
        api.call("PUT", path, tenant.token(), Map.of("url", "https://h.example.com", "events", List.of("play")))
                .expectProblem(400, "malformed-request");
        api.call("PUT", path, tenant.token(), Map.of()).expectProblem(422, "validation-failed");

        api.call("PUT", "/v1/domains/" + pull + "/callbacks", tenant.token(), Map.of("url", "https://h.example.com"))
                .expectProblem(422, "not-a-push-domain");
        api.get("/v1/domains/" + pull + "/callbacks", tenant.token()).expectProblem(422, "not-a-push-domain");
        api.call("PUT", path, stranger.token(), Map.of("url", "https://h.example.com"))
                .expectProblem(404, "not-found");
        assertNotConfigured(api.get(path, tenant.token()).expect(200).json());
        api.get(path, stranger.token()).expectProblem(404, "not-found");
    }

    /** A push domain without settings: nothing is sent, and no URL or secret is shown. */
    private static void assertNotConfigured(JsonNode callbacks) {
        assertThat(callbacks.get("configured").asBoolean()).isFalse();
        assertThat(callbacks.get("events")).isEmpty();
        assertThat(callbacks.has("url")).isFalse();
        assertThat(callbacks.has("secret")).isFalse();
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** The stored column, read as an operator with database access would. */
    private static String sealedSecret(String domain) throws SQLException {
        try (Connection connection = TestDatabase.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT c.secret_sealed"
                        + " FROM domain_callbacks c JOIN domains d ON d.id = c.domain_id WHERE d.name = ?")) {
            statement.setString(1, domain);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }
}
