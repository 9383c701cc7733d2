package dev.liveplane.controlplane.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.Lookup;
import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.dns.EmbeddedDnsServer;
import dev.liveplane.controlplane.dns.RecordChange;
import dev.liveplane.controlplane.domain.PlatformNames;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * A fleet's node names reach the DNS provider in one batch per reconcile, whatever the fleet's size: a control plane
 * starting beside 1,000 nodes publishes every name in one provider call, removes the gone ones in one more, and
 * writes a batch that failed halfway whole at its next reconcile. The instance under test writes to a DNS server of
 * its own, started empty, queried over real DNS.
 */
@MicronautTest
class NodeNamesBatchTest extends ApiTestBase {

    private static final int FLEET = 1_000;

    @Inject
    NodeRepository repository;

    private EmbeddedDnsServer dns;
    private final List<NodeRow> fleet = new ArrayList<>();

    @Override
    protected Map<String, String> overrides() {
        // The seeded nodes never heartbeat: they must stay reachable while a test runs.
        return Map.of("liveplane.fleet.heartbeat-timeout", "10m");
    }

    @BeforeEach
    void start() {
        dns = EmbeddedDnsServer.start(ZONE, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        dns.close();
        repository.deleteAll(fleet);
        fleet.clear();
    }

    @Test
    void aThousandNodesArePublishedInOneProviderCallAndEachResolves() {
        seed(FLEET);
        Recording provider = new Recording(dns, 0);
        NodeNames names = new NodeNames(repository, provider);

        names.reconcile(false);

        assertThat(provider.batches).hasSize(1);
        assertThat(provider.batches.get(0)).hasSizeGreaterThanOrEqualTo(FLEET); // other tests' nodes may be reachable
        assertThat(unresolved()).isEmpty();

        names.reconcile(true); // the schedule rewrites every name, still in one call
        assertThat(provider.batches).hasSize(2);
        assertThat(provider.batches.get(1)).extracting(RecordChange::name).containsAll(names());
    }

    @Test
    void silentAndDeletedNodesLoseTheirNamesInOneCall() {
        seed(FLEET);
        Recording provider = new Recording(dns, 0);
        NodeNames names = new NodeNames(repository, provider);
        names.reconcile(false);
        Instant now = Instant.now();
        List<NodeRow> silenced = fleet.subList(0, 300);
        List<NodeRow> deleted = fleet.subList(300, 500);
        // As the liveness sweep and the operator's delete do it.
        silenced.forEach(node -> assertThat(repository.silence(node.id(), now.plusSeconds(60))).isOne());
        deleted.forEach(node -> assertThat(repository.revoke(node.id(), now)).isOne());

        names.reconcile(false);

        assertThat(provider.batches).hasSize(2);
        assertThat(provider.batches.get(1)).filteredOn(RecordChange.DeleteRecords.class::isInstance)
                .extracting(RecordChange::name).containsAll(names(fleet.subList(0, 500)));
        assertThat(unresolved()).containsExactlyInAnyOrderElementsOf(names(fleet.subList(0, 500)));
    }

    @Test
    void aBatchThatFailedHalfwayIsWrittenWholeAtTheNextReconcile() {
        seed(FLEET);
        // Applies the first half of its first batch, then fails: Route53 after one request of two went through.
        Recording provider = new Recording(dns, 1);
        NodeNames names = new NodeNames(repository, provider);

        names.reconcile(false);

        assertThat(unresolved()).isNotEmpty().hasSizeLessThan(FLEET);

        names.reconcile(false); // not the schedule: nothing of the failed batch counts as written

        assertThat(provider.batches).hasSize(2);
        assertThat(provider.batches.get(1)).extracting(RecordChange::name).containsAll(names());
        assertThat(unresolved()).isEmpty();
    }

    /** Adds {@code count} draining nodes (reachable by name, out of edge.{zone}), heard from now. */
    private void seed(int count) {
        String tokenId = api.post("/admin/v1/node-tokens", OPERATOR_TOKEN, Map.of("description", "batch test"))
                .expect(201).json().get("id").asText();
        String run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < count; i++) {
            fleet.add(new NodeRow(String.format("NB%s%04d", run, i), tokenId, "10.77." + (i / 250) + "." + (i % 250),
                    1935, 8081, "test-1", null, null, null, NodeRow.DRAINING, true, now, now, null, 0, 0, null));
        }
        repository.saveAll(fleet);
    }

    private List<String> names() {
        return names(fleet);
    }

    private static List<String> names(List<NodeRow> nodes) {
        return nodes.stream().map(node -> PlatformNames.node(node.id(), ZONE)).toList();
    }

    /** The seeded nodes' names that do not answer their address over DNS. */
    private List<String> unresolved() {
        return fleet.stream().filter(node -> !Lookup.answers(dns.port(), PlatformNames.node(node.id(), ZONE), Type.A)
                .equals(List.of(node.address()))).map(node -> PlatformNames.node(node.id(), ZONE)).toList();
    }

    /**
     * The real provider, recording each batch it is given; its first {@code failures} calls apply the first half of
     * the batch and then fail.
     */
    private static final class Recording implements DnsProvider {

        final List<List<RecordChange>> batches = new ArrayList<>();
        private final DnsProvider real;
        private int failures;

        Recording(DnsProvider real, int failures) {
            this.real = real;
            this.failures = failures;
        }

        @Override
        public String zone() {
            return real.zone();
        }

        @Override
        public void upsertCname(String name, String target) {
            real.upsertCname(name, target);
        }

        @Override
        public void apply(List<RecordChange> changes) {
            batches.add(List.copyOf(changes));
            if (failures == 0) {
                real.apply(changes);
                return;
            }
            failures--;
            real.apply(changes.subList(0, changes.size() / 2));
            throw new DnsProviderException("second request refused", new RuntimeException("Throttling"));
        }
    }
}
