package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A webhook leaves as soon as its event commits, not at the next poll. */
@MicronautTest(transactional = false)
class DispatcherWakeUpTest extends ApiTestBase {

    @Inject
    ApplicationContext context;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.callbacks.poll-interval", "60s");
    }

    @Test
    void aCommittedEventWakesTheDispatcher() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Eager");
            String push = api.createDomain(tenant, Api.uniqueName("push", "example.com"), "push", null)
                    .get("name").asText();
            api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url", receiver.url()))
                    .expect(200);
            NodeEvents nodes = new NodeEvents(context);

            for (int i = 0; i < 3; i++) {
                long started = System.nanoTime();
                nodes.report(NodeEvents.nodeId(), NodeEvents.publish(push, "live", "s" + i));
                while (receiver.received().size() < i + 1) {
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("webhook %d sent", i)
                            .isLessThan(Duration.ofSeconds(5));
                    Thread.sleep(10);
                }
            }
        }
    }
}
