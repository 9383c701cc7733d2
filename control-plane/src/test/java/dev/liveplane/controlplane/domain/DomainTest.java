package dev.liveplane.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.Lookup;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest
class DomainTest extends ApiTestBase {

    @Inject
    EmbeddedDnsServer platformDns;

    @Test
    void aNewDomainWaitsForVerificationWithItsCnameServedByThePlatformZone() {
        Api.Tenant tenant = api.signUp("Fresh");
        String name = Api.uniqueName("push", "example.com");

        Api.Response created = api.post("/v1/domains", tenant.token(), Map.of("name", name, "type", "push"))
                .expect(201);

        JsonNode domain = created.json();
        assertThat(created.header("Location")).isEqualTo("/v1/domains/" + name);
        assertThat(domain.get("status").asText()).isEqualTo("PENDING_VERIFICATION");
        assertThat(domain.get("enabled").asBoolean()).isTrue();
        assertThat(domain.get("cnameStatus").asText()).isEqualTo("PENDING");
        assertThat(domain.get("cname").asText()).isEqualTo(name + ".fresh.lv." + ZONE);
        assertThat(domain.get("ownership").get("recordName").asText()).isEqualTo("_liveplane-challenge." + name);
        assertThat(domain.get("ownership").get("recordType").asText()).isEqualTo("TXT");
        assertThat(domain.get("ownership").get("recordValue").asText()).hasSizeGreaterThan(20);
        assertThat(Lookup.cname(platformDns.port(), domain.get("cname").asText()))
                .containsExactly("edge." + ZONE + ".");
        assertThat(api.get("/v1/domains/" + name, tenant.token()).expect(200).json()).isEqualTo(domain);
    }

    @Test
    void namesAreStoredLowerCaseWithoutTheTrailingDot() {
        Api.Tenant tenant = api.signUp("Case");
        String name = Api.uniqueName("push", "example.com");

        JsonNode domain = api.createDomain(tenant, name.toUpperCase() + ".", "push", null);

        assertThat(domain.get("name").asText()).isEqualTo(name);
        api.get("/v1/domains/" + name.toUpperCase(), tenant.token()).expect(200);
        String punycode = Api.uniqueName("xn--80ak6aa92e", "example.com");
        assertThat(api.createDomain(tenant, punycode, "push", null).get("name").asText()).isEqualTo(punycode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "-lead.example.com", "trail-.example.com", "two..dots.example.com",
        "192.168.1.10", "under_score.example.com", "spa ce.example.com", "ünï.example.com",
        "push.liveplane.test", "liveplane.test", "a.b.c.123", "quote'.example.com", "x.example.com;DROP TABLE domains"})
    void namesThatAreNotHostNamesOutsideThePlatformZoneAreRefused(String name) {
        Api.Tenant tenant = api.signUp("Invalid");

        api.post("/v1/domains", tenant.token(), Map.of("name", name, "type", "push"))
                .expectProblem(422, "invalid-domain-name");
    }

    @Test
    void overlongLabelsAndNamesAreRefusedWithTheReason() {
        Api.Tenant tenant = api.signUp("Long");

        JsonNode label = api.post("/v1/domains", tenant.token(),
                Map.of("name", "a".repeat(64) + ".example.com", "type", "push"))
                .expectProblem(422, "invalid-domain-name");
        JsonNode cname = api.post("/v1/domains", tenant.token(),
                Map.of("name", ("a".repeat(60) + ".").repeat(3) + "b".repeat(40) + ".example.com", "type", "push"))
                .expectProblem(422, "invalid-domain-name");

        assertThat(label.get("detail").asText()).contains("63");
        assertThat(label.get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(cname.get("detail").asText()).contains("CNAME target");
    }

    @Test
    void aNameBelongsToOneTenantOnly() {
        Api.Tenant owner = api.signUp("Owner");
        Api.Tenant other = api.signUp("Other");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(owner, name, "push", null);

        api.post("/v1/domains", owner.token(), Map.of("name", name, "type", "push"))
                .expectProblem(409, "domain-taken");
        api.post("/v1/domains", other.token(), Map.of("name", name, "type", "pull"))
                .expectProblem(409, "ownership-proof-required");
    }

    @Test
    void aPullDomainNamesOneOfTheTenantsPushDomains() {
        Api.Tenant tenant = api.signUp("Binder");
        Api.Tenant stranger = api.signUp("Stranger");
        String push = Api.uniqueName("push", "example.com");
        String strangersPush = Api.uniqueName("push", "example.com");
        api.createDomain(tenant, push, "push", null);
        api.createDomain(stranger, strangersPush, "push", null);
        String pull = Api.uniqueName("play", "example.com");
        api.createDomain(tenant, pull, "pull", push);

        api.post("/v1/domains", tenant.token(), Map.of("name", Api.uniqueName("p", "example.com"), "type", "pull"))
                .expectProblem(422, "invalid-push-domain");
        api.post("/v1/domains", tenant.token(), Map.of("name", Api.uniqueName("p", "example.com"), "type", "pull",
                "pushDomain", strangersPush)).expectProblem(422, "invalid-push-domain");
        api.post("/v1/domains", tenant.token(), Map.of("name", Api.uniqueName("p", "example.com"), "type", "pull",
                "pushDomain", pull)).expectProblem(422, "invalid-push-domain");
        api.post("/v1/domains", tenant.token(), Map.of("name", Api.uniqueName("p", "example.com"), "type", "push",
                "pushDomain", push)).expectProblem(422, "invalid-push-domain");
        assertThat(api.get("/v1/domains/" + pull, tenant.token()).json().get("pushDomain").asText()).isEqualTo(push);
    }

    @Test
    void listsArePagedByNameAndFilterByType() {
        Api.Tenant tenant = api.signUp("Lister");
        String parent = Api.uniqueName("list", "example.com");
        List<String> pushes = List.of("a." + parent, "c." + parent, "e." + parent);
        pushes.forEach(name -> api.createDomain(tenant, name, "push", null));
        api.createDomain(tenant, "b." + parent, "pull", "a." + parent);
        api.createDomain(tenant, "d." + parent, "pull", "a." + parent);

        List<String> all = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = api.get("/v1/domains?pageSize=2" + (token == null ? "" : "&pageToken=" + token),
                    tenant.token()).expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            all.addAll(page.get("items").findValuesAsText("name"));
            token = page.hasNonNull("nextPageToken") ? page.get("nextPageToken").asText() : null;
        } while (token != null);

        assertThat(all).containsExactly("a." + parent, "b." + parent, "c." + parent, "d." + parent, "e." + parent);
        assertThat(api.get("/v1/domains?type=push", tenant.token()).json().get("items").findValuesAsText("name"))
                .containsExactlyElementsOf(pushes);
        assertThat(api.get("/v1/domains?type=pull", tenant.token()).json().get("items").findValuesAsText("type"))
                .containsExactly("pull", "pull");
        api.get("/v1/domains?type=relay", tenant.token()).expectProblem(400, "malformed-request");
    }

    @Test
    void patchDisablesAndSetsNormalizedAccessLists() {
        Api.Tenant tenant = api.signUp("Patcher");
        String name = Api.uniqueName("push", "example.com");
        api.createDomain(tenant, name, "push", null);

        JsonNode patched = api.call("PATCH", "/v1/domains/" + name, tenant.token(), Map.of("enabled", false,
                "refererAllow", List.of("*.Example.com", "player.example.org", "player.example.org"),
                "ipAllow", List.of("10.0.0.0/8", "2001:DB8::/32", "192.0.2.7"))).expect(200).json();

        assertThat(patched.get("status").asText()).isEqualTo("DISABLED");
        assertThat(patched.get("enabled").asBoolean()).isFalse();
        assertThat(patched.get("refererAllow").findValuesAsText("")).isEmpty();
        assertThat(texts(patched.get("refererAllow"))).containsExactly("*.example.com", "player.example.org");
        assertThat(texts(patched.get("ipAllow"))).containsExactly("10.0.0.0/8", "2001:db8::/32", "192.0.2.7");
        assertThat(api.get("/v1/domains/" + name, tenant.token()).json()).isEqualTo(patched);

        JsonNode enabled = api.call("PATCH", "/v1/domains/" + name, tenant.token(), Map.of("enabled", true))
                .expect(200).json();
        assertThat(enabled.get("status").asText()).isEqualTo("PENDING_VERIFICATION");
        assertThat(texts(enabled.get("ipAllow"))).hasSize(3);
    }

    @Test
    void badListEntriesAreAllNamedAndNothingChanges() {
        Api.Tenant tenant = api.signUp("Bad Lists");
        String name = Api.uniqueName("push", "example.com");
        JsonNode before = api.createDomain(tenant, name, "push", null);

        JsonNode problem = api.call("PATCH", "/v1/domains/" + name, tenant.token(), Map.of("enabled", false,
                "ipDeny", List.of("10.0.0.0/8", "10.0.0.0/33", "example.com", "1.2.3.4'; DROP TABLE domains; --"),
                "refererDeny", List.of("ok.example.com", "*.*.example.com", "http://x.example.com/")))
                .expectProblem(422, "validation-failed");

        assertThat(problem.get("errors").findValuesAsText("field"))
                .containsExactly("refererDeny[1]", "refererDeny[2]", "ipDeny[1]", "ipDeny[2]", "ipDeny[3]");
        assertThat(api.get("/v1/domains/" + name, tenant.token()).json()).isEqualTo(before);
    }

    @Test
    void aPushDomainInUseCannotBeDeletedAndStaysWhole() {
        Api.Tenant tenant = api.signUp("Deleter");
        String push = Api.uniqueName("push", "example.com");
        String pull = Api.uniqueName("play", "example.com");
        JsonNode pushDomain = api.createDomain(tenant, push, "push", null);
        api.createDomain(tenant, pull, "pull", push);
        JsonNode auth = api.get("/v1/domains/" + push + "/auth", tenant.token()).json();

        api.delete("/v1/domains/" + push, tenant.token()).expectProblem(409, "domain-in-use");

        assertThat(api.get("/v1/domains/" + push, tenant.token()).expect(200).json()).isEqualTo(pushDomain);
        assertThat(api.get("/v1/domains/" + push + "/auth", tenant.token()).json()).isEqualTo(auth);
        assertThat(Lookup.cname(platformDns.port(), pushDomain.get("cname").asText())).hasSize(1);
    }

    @Test
    void deletingRemovesTheDomainAndItsPlatformRecord() {
        Api.Tenant tenant = api.signUp("Remover");
        String push = Api.uniqueName("push", "example.com");
        String pull = Api.uniqueName("play", "example.com");
        JsonNode pushDomain = api.createDomain(tenant, push, "push", null);
        JsonNode pullDomain = api.createDomain(tenant, pull, "pull", push);

        api.delete("/v1/domains/" + pull, tenant.token()).expect(204);
        api.delete("/v1/domains/" + push, tenant.token()).expect(204);

        api.get("/v1/domains/" + push, tenant.token()).expectProblem(404, "not-found");
        api.get("/v1/domains/" + pull + "/auth", tenant.token()).expectProblem(404, "not-found");
        api.delete("/v1/domains/" + push, tenant.token()).expectProblem(404, "not-found");
        assertThat(Lookup.cname(platformDns.port(), pushDomain.get("cname").asText())).isEmpty();
        assertThat(Lookup.cname(platformDns.port(), pullDomain.get("cname").asText())).isEmpty();
        api.createDomain(api.signUp("Next Owner"), push, "push", null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
