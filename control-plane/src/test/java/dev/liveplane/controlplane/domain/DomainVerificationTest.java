package dev.liveplane.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.PublicDns;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verification against real DNS: {@link PublicDns} serves the tenant's zone as a public resolver would, holding
 * exactly the records each test publishes. Re-checks run every second here instead of every ten minutes.
 */
@MicronautTest
class DomainVerificationTest extends ApiTestBase {

    private final EmbeddedDnsServer publicDns = PublicDns.server();

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.dns.recheck-interval", "1s");
    }

    @Test
    void nothingPublishedYetSaysToAddBothRecords() {
        Api.Tenant tenant = api.signUp("Nothing Yet");
        JsonNode domain = api.createDomain(tenant, Api.uniqueName("live", PublicDns.ZONE), "push", null);

        JsonNode result = verify(tenant, domain);

        assertThat(result.get("verified").asBoolean()).isFalse();
        assertThat(result.get("ownership").asText()).isEqualTo("TXT_MISSING");
        assertThat(result.get("cname").asText()).isEqualTo("CNAME_MISSING");
        assertThat(result.get("message").asText())
                .contains("Add a TXT record " + domain.get("ownership").get("recordName").asText())
                .contains(domain.get("ownership").get("recordValue").asText())
                .contains("Add a CNAME record " + domain.get("name").asText() + " pointing at "
                        + domain.get("cname").asText());
        assertThat(result.get("domain").get("status").asText()).isEqualTo("PENDING_VERIFICATION");
        assertThat(result.get("domain").get("cnameStatus").asText()).isEqualTo("CNAME_MISSING");
        assertThat(result.get("domain").get("lastCheckedAt").asText()).isNotBlank();
    }

    @Test
    void aWrongTokenIsReportedWithWhatWasFound() {
        Api.Tenant tenant = api.signUp("Wrong Token");
        JsonNode domain = api.createDomain(tenant, Api.uniqueName("live", PublicDns.ZONE), "push", null);
        publicDns.putTxt(challenge(domain), "lp-a-token-from-another-service");
        publish(domain, domain.get("cname").asText());

        JsonNode result = verify(tenant, domain);

        assertThat(result.get("verified").asBoolean()).isFalse();
        assertThat(result.get("ownership").asText()).isEqualTo("TXT_WRONG");
        assertThat(result.get("cname").asText()).isEqualTo("OK");
        assertThat(result.get("found").toString()).contains("lp-a-token-from-another-service");
        assertThat(result.get("message").asText()).contains("does not hold "
                + domain.get("ownership").get("recordValue").asText());
        assertThat(result.get("domain").get("status").asText()).isEqualTo("PENDING_VERIFICATION");
        assertThat(result.get("domain").get("cnameStatus").asText()).isEqualTo("CNAME_OK");
    }

    @Test
    void aCnameToAnotherHostIsReportedAsElsewhere() {
        Api.Tenant tenant = api.signUp("Elsewhere");
        JsonNode domain = api.createDomain(tenant, Api.uniqueName("live", PublicDns.ZONE), "pull",
                api.createDomain(tenant, Api.uniqueName("push", PublicDns.ZONE), "push", null).get("name").asText());
        publicDns.putTxt(challenge(domain), domain.get("ownership").get("recordValue").asText());
        publish(domain, "cdn.other-provider.test");

        JsonNode result = verify(tenant, domain);

        assertThat(result.get("verified").asBoolean()).isFalse();
        assertThat(result.get("ownership").asText()).isEqualTo("OK");
        assertThat(result.get("cname").asText()).isEqualTo("CNAME_ELSEWHERE");
        assertThat(result.get("found").toString()).contains("cdn.other-provider.test");
        assertThat(result.get("message").asText()).contains("change its CNAME to " + domain.get("cname").asText());
        assertThat(result.get("domain").get("cnameStatus").asText()).isEqualTo("CNAME_ELSEWHERE");
    }

    @Test
    void bothRecordsRightMakesTheDomainActiveAndRechecksFollowTheCname() throws InterruptedException {
        Api.Tenant tenant = api.signUp("All Right");
        JsonNode domain = api.createDomain(tenant, Api.uniqueName("live", PublicDns.ZONE), "push", null);
        publicDns.putTxt(challenge(domain), domain.get("ownership").get("recordValue").asText());
        publish(domain, domain.get("cname").asText());

        JsonNode result = verify(tenant, domain);

        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("ownership").asText()).isEqualTo("OK");
        assertThat(result.get("cname").asText()).isEqualTo("OK");
        assertThat(result.get("message").asText()).contains("is verified");
        JsonNode active = api.get("/v1/domains/" + domain.get("name").asText(), tenant.token()).json();
        assertThat(active.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(active.get("cnameStatus").asText()).isEqualTo("CNAME_OK");
        assertThat(active.get("verifiedAt").asText()).isNotBlank();

        publicDns.deleteRecords(domain.get("name").asText());
        JsonNode rechecked = awaitCnameStatus(tenant, domain, "CNAME_MISSING");
        assertThat(rechecked.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(rechecked.get("verifiedAt")).isEqualTo(active.get("verifiedAt"));
        assertThat(Instant.parse(rechecked.get("lastCheckedAt").asText()))
                .isAfter(Instant.parse(active.get("lastCheckedAt").asText()));
    }

    private JsonNode verify(Api.Tenant tenant, JsonNode domain) {
        return api.post("/v1/domains/" + domain.get("name").asText() + "/verify", tenant.token(), null)
                .expect(200).json();
    }

    private JsonNode awaitCnameStatus(Api.Tenant tenant, JsonNode domain, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        JsonNode current;
        do {
            Thread.sleep(200);
            current = api.get("/v1/domains/" + domain.get("name").asText(), tenant.token()).json();
        } while (!current.get("cnameStatus").asText().equals(status) && Instant.now().isBefore(deadline));
        assertThat(current.get("cnameStatus").asText()).as("CNAME status after re-checks").isEqualTo(status);
        return current;
    }

    private void publish(JsonNode domain, String target) {
        publicDns.upsertCname(domain.get("name").asText(), target);
    }

    private static String challenge(JsonNode domain) {
        return domain.get("ownership").get("recordName").asText();
    }
}
