package dev.liveplane.controlplane.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@MicronautTest
class ApiKeyTest extends ApiTestBase {

    @Test
    void aNewKeyIsShownOnceAndAuthenticatesAsItsTenant() {
        Api.Tenant tenant = api.signUp("Keys");

        Api.Response created = api.post("/v1/api-keys", tenant.token(), Map.of("name", "ci")).expect(201);
        JsonNode key = created.json();
        String secret = key.get("secret").asText();

        assertThat(secret).matches("lpk_" + key.get("id").asText() + "_[A-Za-z0-9_-]{43}");
        assertThat(created.header("Location")).isEqualTo("/v1/api-keys/" + key.get("id").asText());
        assertThat(key.get("name").asText()).isEqualTo("ci");
        String domain = Api.uniqueName("push", "example.net");
        api.createDomain(new Api.Tenant(tenant.id(), secret, tenant.email()), domain, "push", null);
        assertThat(api.get("/v1/domains", tenant.token()).expect(200).json().get("items").findValuesAsText("name"))
                .contains(domain);
    }

    @Test
    void listingShowsNamesAndLastUseButNeverSecrets() {
        Api.Tenant tenant = api.signUp("Listing");
        JsonNode key = api.post("/v1/api-keys", tenant.token(), Map.of("name", "deploy")).expect(201).json();
        String secret = key.get("secret").asText();
        // The last 43 characters (lpk_{id}_{secret}): the secret's base64url may itself hold an underscore, so
        // what follows the last one can be a single character, found anywhere in the listing.
        String secretPart = secret.substring(secret.length() - 43);

        JsonNode before = api.get("/v1/api-keys", tenant.token()).expect(200).json().get("items").get(0);
        api.get("/v1/domains", secret).expect(200);
        Api.Response after = api.get("/v1/api-keys", tenant.token()).expect(200);

        assertThat(before.has("lastUsedAt")).isFalse();
        assertThat(after.json().get("items").get(0).get("lastUsedAt").asText()).isNotBlank();
        assertThat(after.json().get("items").get(0).get("name").asText()).isEqualTo("deploy");
        assertThat(after.body()).doesNotContain(secretPart).doesNotContain("secret");
    }

    @Test
    void aRevokedKeyStopsWorkingAtOnce() {
        Api.Tenant tenant = api.signUp("Revoke");
        JsonNode key = api.post("/v1/api-keys", tenant.token(), Map.of("name", "old")).expect(201).json();
        String secret = key.get("secret").asText();
        api.get("/v1/domains", secret).expect(200);

        api.delete("/v1/api-keys/" + key.get("id").asText(), tenant.token()).expect(204);

        api.get("/v1/domains", secret).expectProblem(401, "unauthorized");
        api.delete("/v1/api-keys/" + key.get("id").asText(), tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get("/v1/api-keys", tenant.token()).json().get("items")).isEmpty();
    }

    @Test
    void aKeyWithTheRightIdButAnotherSecretIsRefused() {
        Api.Tenant tenant = api.signUp("Forged");
        JsonNode key = api.post("/v1/api-keys", tenant.token(), Map.of("name", "x")).expect(201).json();
        String forged = "lpk_" + key.get("id").asText() + "_" + "A".repeat(43);

        api.get("/v1/domains", forged).expectProblem(401, "unauthorized");
    }

    @Test
    void pagesCoverEveryKeyOnceInCreationOrder() {
        Api.Tenant tenant = api.signUp("Pages");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.post("/v1/api-keys", tenant.token(), Map.of("name", "k" + i)).expect(201).json()
                    .get("id").asText());
        }

        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = api.get("/v1/api-keys?pageSize=2" + (token == null ? "" : "&pageToken=" + token),
                    tenant.token()).expect(200).json();
            seen.addAll(page.get("items").findValuesAsText("id"));
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
            pages++;
        } while (token != null);

        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void pageParametersOutOfRangeAreRefused() {
        Api.Tenant tenant = api.signUp("Bounds");

        api.get("/v1/api-keys?pageSize=0", tenant.token()).expectProblem(400, "invalid-parameter");
        api.get("/v1/api-keys?pageSize=101", tenant.token()).expectProblem(400, "invalid-parameter");
        api.get("/v1/api-keys?pageSize=many", tenant.token()).expectProblem(400, "malformed-request");
        api.get("/v1/api-keys?pageToken=not-one-of-ours", tenant.token()).expectProblem(400, "invalid-page-token");
    }

    @Test
    void aKeyNeedsAName() {
        Api.Tenant tenant = api.signUp("Unnamed");

        JsonNode problem = api.post("/v1/api-keys", tenant.token(), Map.of("name", ""))
                .expectProblem(422, "validation-failed");

        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("name");
    }
}
