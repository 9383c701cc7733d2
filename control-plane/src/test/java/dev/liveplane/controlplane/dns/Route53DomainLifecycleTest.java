package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Domains kept in a Route53 zone ({@link FakeRoute53}, the stand-in for AWS), including a Route53 outage: a create
 * or delete whose DNS change fails answers 503 and leaves the domain exactly as it was.
 */
@MicronautTest
class Route53DomainLifecycleTest extends ApiTestBase {

    private static final String HOSTED_ZONE = "Z0LIVEPLANETEST";

    private FakeRoute53 route53;

    @Override
    protected Map<String, String> overrides() {
        try {
            route53 = FakeRoute53.start(HOSTED_ZONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The SDK's default credential chain reads these; the stand-in does not check signatures.
        System.setProperty("aws.accessKeyId", "AKIDLIVEPLANETEST");
        System.setProperty("aws.secretAccessKey", "not-a-real-secret");
        return Map.of("liveplane.dns.provider", "route53", "liveplane.dns.route53-zone-id", HOSTED_ZONE,
                "liveplane.dns.route53-endpoint", route53.endpoint().toString());
    }

    @Test
    void domainsComeAndGoWithTheirRecordsAndAnOutageChangesNothing() {
        Api.Tenant tenant = api.signUp("Route Fifty Three");
        String kept = Api.uniqueName("push", "example.com");
        String removed = Api.uniqueName("push", "example.com");
        JsonNode keptDomain = api.createDomain(tenant, kept, "push", null);
        JsonNode removedDomain = api.createDomain(tenant, removed, "push", null);
        assertThat(cnames()).contains(keptDomain.get("cname").asText() + ".", removedDomain.get("cname").asText()
                + ".");

        api.delete("/v1/domains/" + removed, tenant.token()).expect(204);
        assertThat(cnames()).doesNotContain(removedDomain.get("cname").asText() + ".");

        JsonNode auth = api.get("/v1/domains/" + kept + "/auth", tenant.token()).json();
        route53.close();
        String attempted = Api.uniqueName("push", "example.com");
        String key = UUID.randomUUID().toString();

        api.post("/v1/domains", tenant.token(), Map.of("name", attempted, "type", "push"), "Idempotency-Key", key)
                .expectProblem(503, "platform-dns-unavailable");
        api.delete("/v1/domains/" + kept, tenant.token()).expectProblem(503, "platform-dns-unavailable");

        api.get("/v1/domains/" + attempted, tenant.token()).expectProblem(404, "not-found");
        assertThat(api.get("/v1/domains", tenant.token()).json().get("items").findValuesAsText("name"))
                .containsExactly(kept);
        assertThat(api.get("/v1/domains/" + kept, tenant.token()).expect(200).json()).isEqualTo(keptDomain);
        assertThat(api.get("/v1/domains/" + kept + "/auth", tenant.token()).json()).isEqualTo(auth);
        api.post("/v1/domains", tenant.token(), Map.of("name", attempted, "type", "push"), "Idempotency-Key", key)
                .expectProblem(503, "platform-dns-unavailable");
    }

    private List<String> cnames() {
        return route53.recordSets().stream().filter(set -> set.type().equals("CNAME"))
                .map(FakeRoute53.RecordSet::name).toList();
    }
}
