package dev.liveplane.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The class "name squatting and identity reuse", as an attacker would try it: names that can never be proved in
 * public DNS (generated over every reserved suffix, metadata hosts, the platform zone), claims left unverified to
 * block the real owner, and delete-and-register races between tenants. Production settings for test names; claims
 * lapse after 3 s here so expiry can be watched. Bounded: a few seconds.
 */
@MicronautTest(transactional = false)
class DomainSquattingAdversarialTest extends ApiTestBase {

    private static final Duration TTL = Duration.ofSeconds(3);

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.domains.unverified-claim-ttl", TTL.toSeconds() + "s",
                "liveplane.domains.claim-sweep-interval", "500ms",
                "liveplane.domains.refuse-test-names", "true");
    }

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void everyReservedNameIsRefusedWithItsReason() {
        Api.Tenant tenant = api.signUp("Reserved Names");
        List<String> names = new ArrayList<>();
        List<String> suffixes = new ArrayList<>(ReservedNames.ALWAYS);
        suffixes.addAll(ReservedNames.TEST);
        for (String suffix : suffixes) {
            for (String prefix : List.of("a", "live.x", "WWW.Example", "xn--bcher-kva.deep.er", "metadata")) {
                names.add(prefix + "." + suffix);
                names.add(prefix + "." + suffix.toUpperCase() + ".");
            }
        }
        names.addAll(List.of("metadata.google.internal", "instance-data.ec2.internal", "metadata.goog",
                "METADATA.GOOG.", "metadata.tencentyun.com", "kubernetes.default.svc.cluster.local",
                "my.home.arpa", "1.0.0.127.in-addr.arpa"));
        for (String name : names) {
            api.post("/v1/domains", tenant.token(), Map.of("name", name, "type", "push"))
                    .expectProblem(422, "reserved-domain-name");
        }
        for (String name : List.of("127.0.0.1", "10.0.0.1.", "::1", "[::1]", ZONE, "edge." + ZONE,
                "x.y." + ZONE.toUpperCase())) {
            assertThat(api.post("/v1/domains", tenant.token(), Map.of("name", name, "type", "push")).status())
                    .as(name).isEqualTo(422);
        }
        assertThat(api.get("/v1/domains", tenant.token()).expect(200).json().get("items")).isEmpty();
        // Near misses are ordinary names.
        for (String name : List.of("local.example.com", "internal.example.com", "test.example.com",
                "metadata.goog.example.com", "localhost-tv.com")) {
            api.createDomain(tenant, Api.uniqueName("x", name), "push", null);
        }
    }

    @Test
    void anUnverifiedClaimBlocksOthersOnlyUntilItLapsesAndIsThenSwept() throws Exception {
        Api.Tenant squatter = api.signUp("Lapsing Squatter");
        Api.Tenant owner = api.signUp("Patient Owner");
        String name = Api.uniqueName("live", "example.com");
        String swept = Api.uniqueName("other", "example.com");
        api.createDomain(squatter, name, "push", null);
        api.createDomain(squatter, swept, "push", null);
        api.post("/v1/domains", owner.token(), Map.of("name", name, "type", "push"))
                .expectProblem(409, "ownership-proof-required");

        long deadline = System.nanoTime() + TTL.plusSeconds(10).toNanos();
        int status;
        do {
            Thread.sleep(200);
            status = api.post("/v1/domains", owner.token(), Map.of("name", name, "type", "push")).status();
            assertThat(status).isIn(201, 409);
        } while (status != 201 && System.nanoTime() < deadline);
        assertThat(status).as("the claim lapsed").isEqualTo(201);
        api.get("/v1/domains/" + name, squatter.token()).expectProblem(404, "not-found");

        // The other lapsed claim goes with the periodic sweep, without anyone asking for the name.
        while (api.get("/v1/domains/" + swept, squatter.token()).status() != 404) {
            assertThat(System.nanoTime()).as("the sweep removed " + swept).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void deleteAndRegisterRacesBetweenTenantsLeaveOneOwnerAndNoErrors() throws Exception {
        Api.Tenant a = api.signUp("Racer A");
        Api.Tenant b = api.signUp("Racer B");
        for (int round = 0; round < 8; round++) {
            String name = Api.uniqueName("race" + round, "example.com");
            api.createDomain(a, name, "push", null);
            CompletableFuture<Integer> deleted = CompletableFuture.supplyAsync(
                    () -> api.delete("/v1/domains/" + name, a.token()).status(), pool);
            CompletableFuture<Integer> created = CompletableFuture.supplyAsync(
                    () -> api.post("/v1/domains", b.token(), Map.of("name", name, "type", "push")).status(), pool);
            CompletableFuture<Integer> readded = CompletableFuture.supplyAsync(
                    () -> api.post("/v1/domains", a.token(), Map.of("name", name, "type", "push")).status(), pool);
            assertThat(deleted.get()).isEqualTo(204);
            assertThat(created.get()).isIn(201, 409);
            assertThat(readded.get()).isIn(201, 409);
            int owners = 0;
            for (Api.Tenant tenant : List.of(a, b)) {
                owners += api.get("/v1/domains/" + name, tenant.token()).status() == 200 ? 1 : 0;
            }
            assertThat(owners).as("round %d: %s has one holder at most", round, name).isLessThanOrEqualTo(1);
            if (owners == 0) {
                api.createDomain(b, name, "push", null);
            }
        }
    }
}
