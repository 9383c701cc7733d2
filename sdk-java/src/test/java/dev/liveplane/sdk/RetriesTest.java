package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.drop;
import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static dev.liveplane.sdk.ScriptedServer.Reply.problem;
import static dev.liveplane.sdk.ScriptedServer.Reply.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.liveplane.sdk.ScriptedServer.Request;
import dev.liveplane.sdk.exception.ApiConnectionException;
import dev.liveplane.sdk.exception.LiveplaneException;
import dev.liveplane.sdk.exception.RateLimitException;
import dev.liveplane.sdk.generated.model.CallbacksUpdate;
import dev.liveplane.sdk.generated.model.Domain;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetriesTest {

    private static final DomainRequest PUSH = new DomainRequest().name("push.example.com").type(DomainType.PUSH);
    private static final String AUTH = Bodies.domainAuth("A", 1800, "primaryKey-0123456789", "secondaryKey-012345");

    private final ScriptedServer server = ScriptedServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private LiveplaneClient client(int maxRetries) {
        return Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).maxRetries(maxRetries)
                .backoff(Duration.ofMillis(1), Duration.ofSeconds(5)).build();
    }

    @Test
    void createRetriedThroughGatewayErrorsKeepsOneIdempotencyKey() {
        server.then(status(502), status(503), status(504), json(201, Bodies.domain("push.example.com")));

        Domain created = client(3).domains().create(PUSH);

        assertThat(created.getName()).isEqualTo("push.example.com");
        List<Request> requests = server.requests();
        assertThat(requests).hasSize(4).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/domains");
            assertThat(r.body()).isEqualTo(requests.get(0).body());
        });
        assertThat(requests).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull().containsOnly(
                requests.get(0).header("Idempotency-Key"));
    }

    @Test
    void createRetriedAfterADroppedConnectionKeepsItsKey() {
        server.then(drop(), json(201, Bodies.domain("push.example.com")));

        client(3).domains().create(PUSH);

        assertThat(server.requests()).hasSize(2).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull()
                .containsOnly(server.requests().get(0).header("Idempotency-Key"));
    }

    @Test
    void everyCreateHasAKeyOfItsOwn() {
        server.then(json(201, Bodies.domain("push.example.com")), json(201, Bodies.domain("push2.example.com")));
        LiveplaneClient client = client(3);

        client.domains().create(PUSH);
        client.domains().create(new DomainRequest().name("push2.example.com").type(DomainType.PUSH));

        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull()
                .doesNotHaveDuplicates();
    }

    @Test
    void callersOwnKeyIsSentOnEveryAttempt() {
        server.then(status(503), json(201, "{\"id\":\"k2\",\"name\":\"ci\",\"createdAt\":\"2025-03-01T10:00:00Z\","
                + "\"secret\":\"lpk_k2_x\"}"));

        client(3).apiKeys().create(new dev.liveplane.sdk.generated.model.ApiKeyRequest().name("ci"), "deploy-42");

        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("deploy-42", "deploy-42");
    }

    @Test
    void waitsTheSecondsRetryAfterAsksFor() {
        server.then(problem(429, Bodies.problem(429, "rate-limited", "Too many requests", "slow down"))
                .header("Retry-After", "1"), json(201, Bodies.domain("push.example.com")));

        client(3).domains().create(PUSH);

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void waitsUntilTheDateRetryAfterNames() {
        // The date has whole seconds: three ahead are at least two once the fraction is cut.
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3));
        server.then(status(503).header("Retry-After", inThreeSeconds), json(200, Bodies.domain("push.example.com")));

        client(3).domains().get("push.example.com");

        List<Request> requests = server.requests();
        assertThat(requests).hasSize(2);
        assertThat(Duration.ofNanos(requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterLongerThanTheBackoffCapIsLeftToTheCaller() {
        server.then(problem(429, Bodies.problem(429, "rate-limited", "Too many requests", "slow down"))
                .header("Retry-After", "3600"), json(201, Bodies.domain("push.example.com")));

        RateLimitException e = catchThrowableOfType(RateLimitException.class,
                () -> client(3).domains().create(PUSH));

        assertThat(e.retryAfter()).contains(Duration.ofHours(1));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givesUpAfterMaxRetries() {
        server.then(status(503), status(503), status(503), json(200, Bodies.domain("push.example.com")));

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> client(2).domains().get("push.example.com"));

        assertThat(e.status()).isEqualTo(503);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void noRetriesWhenMaxRetriesIsZero() {
        server.then(status(503), json(200, Bodies.domain("push.example.com")));

        assertThatThrownBy(() -> client(0).domains().get("push.example.com")).isInstanceOf(LiveplaneException.class);

        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void clientErrorsAreNeverRetried(int status) {
        server.then(problem(status, Bodies.problem(status, "x", "Refused", "no")),
                json(201, Bodies.domain("push.example.com")));

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> client(3).domains().create(PUSH));

        assertThat(e.status()).isEqualTo(status);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void readThatTimesOutIsTriedAgain() {
        server.then(json(200, Bodies.domain("slow.example.com")).after(Duration.ofSeconds(5)),
                json(200, Bodies.domain("push.example.com")));
        LiveplaneClient client = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY)
                .timeout(Duration.ofSeconds(1)).backoff(Duration.ofMillis(1), Duration.ofMillis(10)).build();

        assertThat(client.domains().get("push.example.com").getName()).isEqualTo("push.example.com");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void rotationIsNotRepeatedWhenAGatewayLostItsAnswer() {
        server.then(status(502), json(200, AUTH));

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> client(3).signing().rotateKey("push.example.com"));

        assertThat(e.status()).isEqualTo(502);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void rotationIsNotRepeatedAfterADroppedConnection() {
        server.then(drop(), json(200, AUTH));

        ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class,
                () -> client(3).signing().rotateKey("push.example.com"));

        assertThat(e.requestSent()).isTrue();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void rotationIsRetriedWhenTheServerRefusedBeforeActing() {
        server.then(status(503), problem(429, Bodies.problem(429, "rate-limited", "Too many requests", "later")),
                json(200, AUTH));

        assertThat(client(3).signing().rotateKey("push.example.com").getPrimaryKey())
                .isEqualTo("primaryKey-0123456789");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void webhookSecretRotationIsNotRepeatedButAPlainUpdateIs() {
        String callbacks = Bodies.callbacks("https://hooks.example.com/lp", "whsec_0123456789ab");
        server.then(status(502), status(502), json(200, callbacks));
        CallbacksUpdate update = new CallbacksUpdate().url("https://hooks.example.com/lp");

        assertThat(client(3).callbacks().update("push.example.com", update).getSecret())
                .isEqualTo("whsec_0123456789ab");
        assertThat(server.requests()).hasSize(3);

        server.then(status(502), json(200, callbacks));
        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> client(3).callbacks().update("push.example.com", update.rotateSecret(true)));
        assertThat(e.status()).isEqualTo(502);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void nodeTokenCreateRetriedKeepsOneIdempotencyKey() {
        server.then(status(503), json(201, Bodies.nodeTokenCreated("nt1", "lpb_nt1_s3cr3t")));

        client(3).fleet().createNodeToken(new NodeTokenRequest());

        assertThat(server.requests()).extracting(r -> r.header("Idempotency-Key")).doesNotContainNull()
                .containsOnly(server.requests().get(0).header("Idempotency-Key"));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void refusedConnectionsAreRetriedThenReported() {
        var endpoint = server.uri();
        server.close();
        // Each pause is 50-100 ms, so three retries take at least 150 ms and none takes almost nothing.
        LiveplaneClient client = Liveplane.builder().endpoint(endpoint).apiKey(Bodies.API_KEY).maxRetries(3)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(100)).build();

        long start = System.nanoTime();
        ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class,
                () -> client.signing().rotateKey("push.example.com"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(e.requestSent()).isFalse();
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("rotateDomainKey", endpoint.toString());
    }
}
