package dev.liveplane.controlplane.domain;

import static dev.liveplane.controlplane.NodeEvents.publish;
import static dev.liveplane.controlplane.NodeEvents.unpublish;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import dev.liveplane.controlplane.PublicDns;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 items 6 and 7 through the API: a deleted push domain's streams end at once and tell the next holder of
 * the name nothing; another tenant's claim asks for a DNS proof without saying who holds the name, and the proof
 * takes the name from a holder who never verified it.
 */
@MicronautTest(transactional = false)
class DomainOwnershipTest extends ApiTestBase {

    private static final Pattern TOKEN = Pattern.compile("with the value (lp-[A-Za-z0-9_-]+)");

    @Inject
    ApplicationContext context;

    private NodeEvents nodes;

    @BeforeAll
    void nodes() {
        nodes = new NodeEvents(context);
    }

    @Test
    void deletingALivePushDomainEndsItsStreamsAndTheNextHolderHearsNothingOfThem() {
        Api.Tenant a = api.signUp("Deleter");
        Api.Tenant b = api.signUp("Next Holder");
        String push = api.createDomain(a, Api.uniqueName("push", "example.com"), "push", null).get("name").asText();
        api.call("PUT", "/v1/domains/" + push + "/callbacks", a.token(), Map.of("url", "https://hooks.example.com/a"))
                .expect(200);
        String node = NodeEvents.nodeId();
        nodes.report(node, publish(push, "live", "cam"));
        assertThat(api.get("/v1/streams?domain=" + push, a.token()).expect(200).json().get("items")).hasSize(1);

        api.delete("/v1/domains/" + push, a.token()).expect(204);

        assertThat(api.get("/v1/streams", a.token()).expect(200).json().get("items")).isEmpty();
        JsonNode hooks = api.get("/v1/callbacks/deliveries?domain=" + push, a.token()).expect(200).json()
                .get("items");
        assertThat(hooks.findValuesAsText("event")).contains("unpublish");
        assertThat(hooks.toString()).contains("domain_deleted");

        // B takes the free name, sets its own webhook; the node's late unpublish of A's stream reaches nobody.
        api.createDomain(b, push, "push", null);
        api.call("PUT", "/v1/domains/" + push + "/callbacks", b.token(), Map.of("url", "https://hooks.example.com/b"))
                .expect(200);
        nodes.report(node, unpublish(push, "live", "cam", "domain_removed"));
        assertThat(api.get("/v1/streams", b.token()).expect(200).json().get("items")).isEmpty();
        assertThat(api.get("/v1/callbacks/deliveries?domain=" + push, b.token()).expect(200).json().get("items"))
                .isEmpty();
    }

    @Test
    void anotherTenantsClaimIsAnsweredWithTheProofToPublishAndNothingAboutTheHolder() {
        Api.Tenant holder = api.signUp("Holder Corp");
        Api.Tenant other = api.signUp("Other");
        String name = Api.uniqueName("live", PublicDns.ZONE);
        api.createDomain(holder, name, "push", null);

        JsonNode problem = api.post("/v1/domains", other.token(), Map.of("name", name, "type", "push"))
                .expectProblem(409, "ownership-proof-required");
        String detail = problem.get("detail").asText();
        assertThat(detail).contains("_liveplane-challenge." + name).containsPattern(TOKEN);
        assertThat(problem.toString()).doesNotContainIgnoringCase("holder").doesNotContain(holder.id())
                .doesNotContainIgnoringCase("registered").doesNotContainIgnoringCase("another account")
                .doesNotContainIgnoringCase("verified");
        // The value is the other tenant's own, not the holder's challenge.
        String holderToken = api.get("/v1/domains/" + name, holder.token()).json().get("ownership")
                .get("recordValue").asText();
        assertThat(detail).doesNotContain(holderToken);
        // The holder re-adding its own name is told plainly.
        api.post("/v1/domains", holder.token(), Map.of("name", name, "type", "push"))
                .expectProblem(409, "domain-taken");
    }

    @Test
    void aDnsProofTakesTheNameFromAHolderWhoNeverVerifiedIt() {
        Api.Tenant squatter = api.signUp("Squatter");
        Api.Tenant owner = api.signUp("Real Owner");
        String name = Api.uniqueName("live", PublicDns.ZONE);
        String play = Api.uniqueName("play", PublicDns.ZONE);
        api.createDomain(squatter, name, "push", null);
        api.createDomain(squatter, play, "pull", name);
        JsonNode problem = api.post("/v1/domains", owner.token(), Map.of("name", name, "type", "push"))
                .expectProblem(409, "ownership-proof-required");
        Matcher token = TOKEN.matcher(problem.get("detail").asText());
        assertThat(token.find()).isTrue();

        PublicDns.server().putTxt("_liveplane-challenge." + name, token.group(1));
        JsonNode taken = api.createDomain(owner, name, "push", null);

        assertThat(taken.get("ownership").get("recordValue").asText()).isEqualTo(token.group(1));
        api.get("/v1/domains/" + name, squatter.token()).expectProblem(404, "not-found");
        api.get("/v1/domains/" + play, squatter.token()).expectProblem(404, "not-found");
        assertThat(api.get("/v1/domains/" + name, owner.token()).expect(200).json().get("status").asText())
                .isEqualTo("PENDING_VERIFICATION");
    }
}
