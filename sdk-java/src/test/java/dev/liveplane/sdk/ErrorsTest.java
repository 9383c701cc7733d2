package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static dev.liveplane.sdk.ScriptedServer.Reply.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import dev.liveplane.sdk.ScriptedServer.Reply;
import dev.liveplane.sdk.exception.ApiConnectionException;
import dev.liveplane.sdk.exception.AuthenticationException;
import dev.liveplane.sdk.exception.ConflictException;
import dev.liveplane.sdk.exception.InvalidRequestException;
import dev.liveplane.sdk.exception.LiveplaneException;
import dev.liveplane.sdk.exception.NotFoundException;
import dev.liveplane.sdk.exception.PermissionException;
import dev.liveplane.sdk.exception.RateLimitException;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.FieldError;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorsTest {

    private final ScriptedServer server = ScriptedServer.start();
    private final LiveplaneClient client = client(server.uri());

    @AfterEach
    void stop() {
        server.close();
    }

    private static LiveplaneClient client(URI endpoint) {
        return Liveplane.builder().endpoint(endpoint).apiKey(Bodies.API_KEY).maxRetries(0).build();
    }

    @Test
    void problemBodyAndRequestIdReachTheException() {
        server.then(problem(422, """
                {"type":"https://liveplane.dev/problems/invalid-domain","title":"Invalid domain","status":422,
                 "detail":"push..example.com is not a DNS name","requestId":"req-in-body",
                 "errors":[{"field":"name","message":"empty label"},{"field":"pushDomain","message":"push only"}]}
                """).header("X-Request-Id", "req-7c1d"));

        InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, () -> client.domains()
                .create(new DomainRequest().name("push..example.com").type(DomainType.PUSH)));

        assertThat(e.status()).isEqualTo(422);
        assertThat(e.type()).isEqualTo("https://liveplane.dev/problems/invalid-domain");
        assertThat(e.title()).isEqualTo("Invalid domain");
        assertThat(e.detail()).isEqualTo("push..example.com is not a DNS name");
        assertThat(e.errors()).extracting(FieldError::getField, FieldError::getMessage).containsExactly(
                tuple("name", "empty label"),
                tuple("pushDomain", "push only"));
        assertThat(e.requestId()).isEqualTo("req-7c1d");
        assertThat(e.getMessage()).contains("createDomain", "422", "Invalid domain",
                "push..example.com is not a DNS name", "req-7c1d", "invalid-domain");
    }

    @Test
    void requestIdComesFromTheBodyWhenTheHeaderIsMissing() {
        server.then(problem(404, """
                {"type":"https://liveplane.dev/problems/not-found","title":"Not found","status":404,
                 "requestId":"req-from-body"}
                """));

        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> client.domains().get("gone.example.com"));

        assertThat(e.requestId()).isEqualTo("req-from-body");
        assertThat(e.detail()).isNull();
        assertThat(e.errors()).isEmpty();
    }

    static Stream<Arguments> statuses() {
        return Stream.of(Arguments.of(400, InvalidRequestException.class),
                Arguments.of(401, AuthenticationException.class), Arguments.of(403, PermissionException.class),
                Arguments.of(404, NotFoundException.class), Arguments.of(409, ConflictException.class),
                Arguments.of(422, InvalidRequestException.class), Arguments.of(429, RateLimitException.class),
                Arguments.of(500, LiveplaneException.class));
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void eachStatusHasItsException(int status, Class<? extends LiveplaneException> type) {
        server.then(problem(status, Bodies.problem(status, "p", "Problem", "details")));

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class, () -> client.domains().delete("x.io"));

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.status()).isEqualTo(status);
    }

    @Test
    void anAnswerThatIsNotAProblemStillSaysWhatCame() {
        server.then(new Reply(502, Map.of("Content-Type", "text/html"),
                "<html><body>Bad Gateway from the load balancer</body></html>", Duration.ZERO, false)
                .header("X-Request-Id", "lb-1"));

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> client.domains().get("push.example.com"));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.type()).isNull();
        assertThat(e.requestId()).isEqualTo("lb-1");
        assertThat(e.getMessage()).contains("getDomain", "502", "Bad Gateway from the load balancer");
    }

    @Test
    void anUnreadableSuccessIsReportedAndNotRetried() {
        server.then(json(200, "{\"name\":"), json(200, Bodies.domain("push.example.com")));
        LiveplaneClient retrying = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY).build();

        LiveplaneException e = catchThrowableOfType(LiveplaneException.class,
                () -> retrying.domains().get("push.example.com"));

        assertThat(e).isNotInstanceOf(ApiConnectionException.class);
        assertThat(e.getMessage()).contains("getDomain", "could not be read");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void noServerIsAConnectionException() {
        URI nobody = server.uri();
        server.close();

        ApiConnectionException e = catchThrowableOfType(ApiConnectionException.class,
                () -> client(nobody).domains().get("push.example.com"));

        assertThat(e.status()).isZero();
        assertThat(e.requestSent()).isFalse();
        assertThat(e.getMessage()).contains("getDomain", nobody.toString());
    }

    @Test
    void aMissingArgumentIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.domains().get(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        assertThat(server.requests()).isEmpty();
    }
}
