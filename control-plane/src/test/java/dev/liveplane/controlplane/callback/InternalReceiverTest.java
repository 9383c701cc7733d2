package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As in production: tenants cannot point webhooks at the platform's own network. */
@MicronautTest(transactional = false)
class InternalReceiverTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.callbacks.allow-private-addresses", "false",
                "liveplane.callbacks.poll-interval", "100ms");
    }

    @Test
    void internalAddressesWrittenOutAreRefusedWhenSet() {
        Api.Tenant tenant = api.signUp("Sneaky");
        String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                .get("name").asText();
        String path = "/v1/domains/" + push + "/callbacks";

        for (String url : List.of("http://127.0.0.1:8080/admin", "http://localhost/x", "http://[::1]/x",
                "http://10.1.2.3/x", "http://192.168.0.1/x", "http://169.254.169.254/latest/meta-data",
                "http://0.0.0.0/x", "http://[fd00::1]/x")) {
            JsonNode problem = api.call("PUT", path, tenant.token(), Map.of("url", url))
                    .expectProblem(422, "validation-failed");
            assertThat(problem.get("detail").asText()).as(url).contains("internet");
        }
        api.call("PUT", path, tenant.token(), Map.of("url", "https://203.0.113.10/hooks")).expect(200);
        api.call("PUT", path, tenant.token(), Map.of("url", "https://hooks.example.com/lp")).expect(200);
    }

    @Test
    void aNameThatResolvesInsideIsRefusedWhenSent() throws Exception {
        String localName = InetAddress.getLocalHost().getHostName();
        assumeTrue(InetAddress.getByName(localName).isLoopbackAddress() && !localName.equals("localhost"),
                "this machine's name resolves to a loopback address");
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Rebinder");
            String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                    .get("name").asText();
            String url = receiver.url().replace("127.0.0.1", localName);
            api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url", url)).expect(200);

            new NodeEvents(context).report(NodeEvents.nodeId(), NodeEvents.publish(push, "live", "s"));

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            JsonNode delivery;
            do {
                assertThat(System.nanoTime()).as("the attempt was recorded").isLessThan(deadline);
                Thread.sleep(50);
                delivery = api.get("/v1/callbacks/deliveries", tenant.token()).json().get("items").get(0);
            } while (delivery.get("attempts").asInt() == 0);
            assertThat(delivery.get("lastError").asText()).contains("internal address");
            assertThat(receiver.received()).isEmpty();
        }
    }
}
