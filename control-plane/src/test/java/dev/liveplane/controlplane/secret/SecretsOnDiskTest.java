package dev.liveplane.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack generates its secrets once, owner-readable only, so a restart keeps sessions and signing keys;
 * production ({@code MICRONAUT_ENVIRONMENTS=prod}) refuses to start without them.
 */
class SecretsOnDiskTest {

    @TempDir
    Path directory;

    @Test
    void generatedSecretsArePrivateAndSurviveARestart() throws IOException {
        String token;
        String push = Api.uniqueName("push", "example.com");
        String primaryKey;
        Map<String, Object> properties = localProperties();   // once: each call empties the test's own database
        try (EmbeddedServer first = start(properties)) {
            Api api = new Api(first.getURI());
            Api.Tenant tenant = api.signUp("Restarted");
            token = tenant.token();
            api.createDomain(tenant, push, "push", null);
            primaryKey = api.get("/v1/domains/" + push + "/auth", token).expect(200).json().get("primaryKey").asText();
        }

        for (String file : List.of("operator-token", "master-key", "jwt-secret", "node-credential-secret",
                "hls-session-secret")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))))
                    .as(file).isEqualTo("rw-------");
        }
        try (EmbeddedServer second = start(properties)) {
            Api api = new Api(second.getURI());
            assertThat(api.get("/v1/domains/" + push + "/auth", token).expect(200).json().get("primaryKey").asText())
                    .isEqualTo(primaryKey);
            String operatorToken = Files.readString(directory.resolve("operator-token"));
            api.get("/admin/v1/tenants", operatorToken).expect(200);
        }
    }

    @Test
    void productionRefusesToStartWithoutItsSecrets() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("liveplane.dns.embedded-port", "0");

        assertThatThrownBy(() -> ApplicationContext.builder().environments("prod").properties(properties).start())
                .hasStackTraceContaining("LIVEPLANE_OPERATOR_TOKEN is not set");
    }

    private Map<String, Object> localProperties() {
        // A database of its own: the domain this test makes is sealed under its generated master key, which no other
        // test's control plane can open (their config snapshots would fail on it).
        Map<String, Object> properties = new HashMap<>(TestDatabase.separate("secrets"));
        properties.put("liveplane.dns.embedded-port", "0");
        properties.put("liveplane.secrets.directory", directory.toString());
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    private static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }
}
