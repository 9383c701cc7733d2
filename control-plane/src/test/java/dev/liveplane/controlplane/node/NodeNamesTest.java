package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.Lookup;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * Every reachable node answers over DNS at its own name, {@code {id}.nodes.{zone}} (the origin a CDN sends a viewer's
 * later HLS requests to): from its registration, still while it drains (its viewers' sessions run on), and no more
 * once it is silent or deleted.
 */
@MicronautTest
class NodeNamesTest extends ApiTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Inject
    EmbeddedDnsServer platformDns;
    @Inject
    NodeRepository repository;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.fleet.heartbeat-timeout", "2s", "liveplane.fleet.sweep-interval", "200ms",
                "liveplane.fleet.dns-reconcile-interval", "1s");
    }

    @Test
    void aNodeHasItsOwnNameWhileReachableDrainingIncludedAndLosesItWhenSilentOrDeleted() {
        String bootstrap = bootstrap();
        TestNode v4 = TestNode.register(api, bootstrap, "198.51.100.81");
        TestNode v6 = TestNode.register(api, bootstrap, "2001:db8::82");
        await(() -> heartbeats(v4, v6) && names(v4).equals(Set.of("198.51.100.81"))
                && names(v6).equals(Set.of("2001:db8:0:0:0:0:0:82")));
        assertThat(name(v4)).isEqualTo(v4.id.toLowerCase(Locale.ROOT) + ".nodes." + ZONE);

        // Drained: out of edge.{zone}, so no new viewer is sent there, but reachable by its name for the running ones.
        api.post("/admin/v1/nodes/" + v4.id + "/drain", OPERATOR_TOKEN, null).expect(200);
        await(() -> heartbeats(v4, v6) && !edge().contains("198.51.100.81"));
        assertThat(names(v4)).containsExactly("198.51.100.81");

        api.delete("/admin/v1/nodes/" + v6.id, OPERATOR_TOKEN).expect(204);
        await(() -> heartbeats(v4) && names(v6).isEmpty());
        assertThat(names(v4)).containsExactly("198.51.100.81");

        // No more heartbeats: silent after the timeout, and its name goes.
        await(() -> names(v4).isEmpty());
    }

    @Test
    void aSilentNodesNameIsRemovedByAnInstanceThatNeverWroteIt() {
        TestNode gone = TestNode.register(api, bootstrap(), "198.51.100.91");
        await(() -> heartbeats(gone) && names(gone).equals(Set.of("198.51.100.91")));
        await(() -> names(gone).isEmpty()); // silent: this instance removes the name it wrote, once

        // The name as another instance wrote it before the node went silent.
        platformDns.upsertAddresses(name(gone), List.of("198.51.100.91"));
        // A second control plane on the same database, which never wrote it, still removes it.
        new NodeNames(repository, platformDns).reconcile(false);

        assertThat(names(gone)).isEmpty();
    }

    private String bootstrap() {
        return api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "names test")).expect(201)
                .json().get("token").asText();
    }

    private static boolean heartbeats(TestNode... nodes) {
        for (TestNode node : nodes) {
            node.heartbeat();
        }
        return true;
    }

    private static String name(TestNode node) {
        return node.id.toLowerCase(Locale.ROOT) + ".nodes." + ZONE;
    }

    private Set<String> names(TestNode node) {
        return answers(name(node));
    }

    private Set<String> edge() {
        return answers("edge." + ZONE);
    }

    private Set<String> answers(String name) {
        Set<String> found = new TreeSet<>(Lookup.answers(platformDns.port(), name, Type.A));
        found.addAll(Lookup.answers(platformDns.port(), name, Type.AAAA));
        return found;
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("within " + DEADLINE).isBefore(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
