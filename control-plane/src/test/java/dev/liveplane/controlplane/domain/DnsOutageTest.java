package dev.liveplane.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A resolver that takes queries and never answers: verification is a 503 that changes nothing, not a verdict. */
@MicronautTest
class DnsOutageTest extends ApiTestBase {

    private DatagramSocket silentUdp;
    private ServerSocket silentTcp;

    @Override
    protected Map<String, String> overrides() {
        // The TCP port must be the UDP one's number, which another process may hold on a shared machine: try again.
        for (int attempt = 1; silentTcp == null; attempt++) {
            try {
                silentUdp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                silentTcp = new ServerSocket(silentUdp.getLocalPort(), 1, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                if (silentUdp != null) {
                    silentUdp.close();
                }
                if (attempt == 10) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return Map.of("liveplane.dns.resolver", "127.0.0.1:" + silentUdp.getLocalPort(),
                "liveplane.dns.lookup-timeout", "500ms");
    }

    @AfterAll
    void closeSockets() throws IOException {
        silentUdp.close();
        silentTcp.close();
    }

    @Test
    void verificationWithoutDnsAnswersIsUnavailableAndChangesNothing() {
        Api.Tenant tenant = api.signUp("Outage");
        String name = Api.uniqueName("push", "example.com");
        JsonNode before = api.createDomain(tenant, name, "push", null);

        JsonNode problem = api.post("/v1/domains/" + name + "/verify", tenant.token(), null)
                .expectProblem(503, "dns-unavailable");

        assertThat(problem.get("detail").asText()).contains("try again");
        assertThat(api.get("/v1/domains/" + name, tenant.token()).json()).isEqualTo(before);
    }
}
