package dev.liveplane.controlplane;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the service on a free port against the test database ({@link TestDatabase}), the embedded platform DNS on
 * a free port and {@link PublicDns} as the resolver, with fixed test secrets. Subclasses add {@code @MicronautTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase implements TestPropertyProvider {

    public static final String OPERATOR_TOKEN = "lpo_test-operator-token-5f1c2d";
    public static final String ZONE = "liveplane.test";
    public static final String NODE_CREDENTIAL_SECRET = "test-node-credential-secret-of-32-bytes-or-more";
    public static final String HLS_SESSION_SECRET = "aGxzLXNlc3Npb24tc2VjcmV0LW9mLTMyLWJ5dGVzLi4=";

    @Inject
    protected EmbeddedServer server;

    protected Api api;

    @BeforeAll
    void connect() {
        api = new Api(server.getURI());
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(TestDatabase.properties());
        TestDatabase.releaseSchedulerLocks(properties);
        properties.put("liveplane.platform-zone", ZONE);
        properties.put("liveplane.dns.embedded-port", "0");
        properties.put("liveplane.dns.resolver", PublicDns.resolver());
        properties.put("liveplane.dns.lookup-timeout", "2s");
        properties.put("liveplane.secrets.generate-missing", "false");
        properties.put("liveplane.secrets.operator-token", OPERATOR_TOKEN);
        properties.put("liveplane.secrets.master-key", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        properties.put("liveplane.secrets.jwt-secret", "test-jwt-secret-of-at-least-thirty-two-bytes");
        properties.put("liveplane.secrets.node-credential-secret", NODE_CREDENTIAL_SECRET);
        properties.put("liveplane.secrets.hls-session-secret", HLS_SESSION_SECRET);
        // Generous, so that tests sharing one address do not trip each other; RateLimitTest sets real limits.
        properties.put("liveplane.rate-limits.logins-per-email", "1000");
        properties.put("liveplane.rate-limits.logins-per-address", "1000");
        properties.put("liveplane.rate-limits.signups-per-address", "1000");
        properties.put("liveplane.rate-limits.failed-credentials-per-address", "1000");
        properties.putAll(overrides());
        return properties;
    }

    /** Properties a test class needs on top of the common ones. */
    protected Map<String, String> overrides() {
        return Map.of();
    }
}
