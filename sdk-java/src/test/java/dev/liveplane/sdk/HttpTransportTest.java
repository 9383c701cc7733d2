package dev.liveplane.sdk;

import static dev.liveplane.sdk.ScriptedServer.Reply.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.sdk.generated.model.LoginRequest;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What every request of a client has in common: one connection pool, the SDK's User-Agent, and an end. */
class HttpTransportTest {

    private static final String SESSION = """
            {"accessToken":"eyJ.session.token","tokenType":"Bearer","expiresIn":3600,"tenantId":"t_1"}""";

    private final ScriptedServer server = ScriptedServer.start();
    private final LiveplaneClient client = Liveplane.builder().endpoint(server.uri()).apiKey(Bodies.API_KEY)
            .build();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void everyRequestNamesTheSdkAndTheVersionTheBuildGaveIt() {
        server.then(json(200, Bodies.domain("push.example.com")), json(200, SESSION));

        client.domains().get("push.example.com");
        client.auth().logIn(new LoginRequest().email("ana@example.com").password("correct horse battery"));

        String built = System.getProperty("liveplane.sdk.expectedVersion");
        assertThat(built).as("set by sdk-java/pom.xml from ${project.version}").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(Liveplane.version()).isEqualTo(built);
        assertThat(server.requests()).extracting(r -> r.header("User-Agent"))
                .containsExactly("liveplane-sdk-java/" + built, "liveplane-sdk-java/" + built);
    }

    @Test
    void allOperationGroupsShareOneConnection() {
        server.then(json(200, Bodies.domain("push.example.com")),
                json(200, Bodies.onlineStreamPage(null, "push.example.com", "demo")),
                json(200, Bodies.apiKeyPage(null, "k1")),
                json(200, Bodies.domainAuth("A", 1800, "primaryKey-0123456789", null)),
                json(200, SESSION));

        client.domains().get("push.example.com");
        client.streams().list("push.example.com").stream().toList();
        client.apiKeys().list().stream().toList();
        client.signing().getAuth("push.example.com");
        client.auth().logIn(new LoginRequest().email("ana@example.com").password("correct horse battery"));

        Set<Integer> connections = server.requests().stream().map(ScriptedServer.Request::clientPort)
                .collect(Collectors.toSet());
        assertThat(server.requests()).hasSize(5);
        assertThat(connections).as("client ports of the five requests").hasSize(1);
    }

    @Test
    void aClosedClientRefusesCallsWithoutSendingThem() {
        client.close();

        assertThatThrownBy(() -> client.domains().get("push.example.com"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(server.requests()).isEmpty();
        client.close(); // a second close is harmless
    }
}
