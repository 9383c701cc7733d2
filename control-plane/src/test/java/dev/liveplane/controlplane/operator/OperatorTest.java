package dev.liveplane.controlplane.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@MicronautTest
class OperatorTest extends ApiTestBase {

    @Test
    void theOperatorPagesThroughEveryTenantOldestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(api.signUp("Customer " + i).id());
        }

        List<String> seen = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/admin/v1/tenants?pageSize=2" + (token == null ? "" : "&pageToken=" + token),
                    OPERATOR_TOKEN).expect(200).json();
            page.get("items").forEach(t -> {
                seen.add(t.get("id").asText());
                names.add(t.get("name").asText());
                assertThat(t.get("createdAt").asText()).isNotBlank();
            });
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);

        assertThat(seen).containsSubsequence(created).doesNotHaveDuplicates();
        assertThat(names).contains("Customer 0", "Customer 1", "Customer 2");
    }

    @Test
    void onlyTheOperatorTokenOpensOperatorRoutesAndItOpensNothingElse() {
        Api.Tenant tenant = api.signUp("Curious");

        api.get("/admin/v1/tenants", null).expectProblem(401, "unauthorized");
        api.get("/admin/v1/tenants", OPERATOR_TOKEN + "x").expectProblem(401, "unauthorized");
        api.get("/admin/v1/tenants", tenant.token()).expectProblem(403, "forbidden");
        api.get("/v1/domains", OPERATOR_TOKEN).expectProblem(403, "forbidden");
    }
}
