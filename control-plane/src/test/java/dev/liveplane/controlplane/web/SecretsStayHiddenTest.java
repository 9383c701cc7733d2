package dev.liveplane.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Uses every secret the service handles (password, session token, API key, signing keys, operator token) and then
 * looks for each in everything the service logged at INFO and above, exception stacks included, and in the
 * responses that must not show them.
 */
@MicronautTest
class SecretsStayHiddenTest extends ApiTestBase {

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> capture;
    private Level rootLevel;

    @BeforeAll
    void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %mdc %msg %ex%n");
        encoder.start();
        capture = new OutputStreamAppender<>();
        capture.setContext(context);
        capture.setEncoder(encoder);
        capture.setOutputStream(logged);
        capture.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.INFO);
        root.addAppender(capture);
    }

    @AfterAll
    void stopCapturing() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(capture);
        root.setLevel(rootLevel);
        capture.stop();
    }

    @Test
    void noSecretReachesTheLogsOrAReadResponse() {
        List<String> secrets = new ArrayList<>(List.of(Api.PASSWORD, OPERATOR_TOKEN));
        Api.Tenant tenant = api.signUp("Secretive");
        secrets.add(tenant.token());
        api.post("/v1/auth/login", null, Map.of("email", tenant.email(), "password", "wrong " + Api.PASSWORD))
                .expect(401);
        JsonNode key = api.post("/v1/api-keys", tenant.token(), Map.of("name", "ci"), "Idempotency-Key", "k1")
                .expect(201).json();
        String apiKey = key.get("secret").asText();
        // lpk_{26-character id}_{secret}: the secret itself may hold underscores.
        secrets.add(apiKey.substring("lpk_".length() + 26 + 1));
        String push = api.createDomain(new Api.Tenant(tenant.id(), apiKey, tenant.email()),
                Api.uniqueName("push", "example.com"), "push", null).get("name").asText();
        JsonNode auth = api.get("/v1/domains/" + push + "/auth", apiKey).expect(200).json();
        secrets.add(auth.get("primaryKey").asText());
        secrets.add(auth.get("secondaryKey").asText());
        api.post("/v1/domains/" + push + "/auth/rotate", apiKey, null).expect(200);
        api.get("/admin/v1/tenants", OPERATOR_TOKEN).expect(200);
        api.get("/v1/domains", apiKey + "x").expect(401);
        api.post("/v1/domains", apiKey, "{\"name\": \"" + apiKey + "\"", "X-Request-Id", "a-bad-body-1").expect(400);

        List<String> reads = List.of(api.get("/v1/api-keys", apiKey).expect(200).body(),
                api.get("/v1/domains", apiKey).expect(200).body(),
                api.get("/v1/domains/" + push, apiKey).expect(200).body());
        String logs = logged.toString(StandardCharsets.UTF_8);

        assertThat(logs).contains("api key created").contains("domain created").contains("credential refused");
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            assertThat(String.join("\n", reads)).as("read responses").doesNotContain(secret);
        }
    }
}
