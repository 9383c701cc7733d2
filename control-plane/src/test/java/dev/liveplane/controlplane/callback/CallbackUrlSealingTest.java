package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveplane.controlplane.Api;
import dev.liveplane.controlplane.ApiTestBase;
import dev.liveplane.controlplane.NodeEvents;
import dev.liveplane.controlplane.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Credentials in a webhook URL ({@code user:pass@}, {@code ?token=}) never sit in the database in clear: the URL
 * is stored sealed with the master key, the API and the delivery log show it masked, and deliveries still go to the
 * whole URL.
 */
@MicronautTest(transactional = false)
class CallbackUrlSealingTest extends ApiTestBase {

    private static final String PASSWORD = "hook-pass-7f3a";
    private static final String TOKEN = "tok-9c2e51";

    @Inject
    ApplicationContext context;

    @Inject
    CallbackSecrets secrets;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("liveplane.callbacks.poll-interval", "100ms");
    }

    @Test
    void aWebhookUrlsCredentialsAreSealedShownMaskedAndStillSent() throws Exception {
        try (Receiver receiver = new Receiver()) {
            Api.Tenant tenant = api.signUp("Sealed URL");
            String push = api.createDomain(tenant, Api.uniqueName("push", "sealed.example"), "push", null)
                    .get("name").asText();
            String url = receiver.url().replace("http://", "http://hook-user:" + PASSWORD + "@") + "?token=" + TOKEN
                    + "&plain=1";
            String masked = receiver.url().replace("http://", "http://***@") + "?token=***&plain=***";

            JsonNode set = api.call("PUT", "/v1/domains/" + push + "/callbacks", tenant.token(), Map.of("url", url))
                    .expect(200).json();
            new NodeEvents(context).report(NodeEvents.nodeId(), NodeEvents.publish(push, "live", "cam"));
            Receiver.Received request = await(receiver);

            assertThat(set.get("url").asText()).isEqualTo(masked);
            assertThat(api.get("/v1/domains/" + push + "/callbacks", tenant.token()).json().get("url").asText())
                    .isEqualTo(masked);
            assertThat(request.uri().getRawQuery()).isEqualTo("token=" + TOKEN + "&plain=1");
            assertThat(api.get("/v1/callbacks/deliveries?domain=" + push, tenant.token()).json().get("items").get(0)
                    .get("url").asText()).isEqualTo(masked);
            List<String> stored = stored(push);
            assertThat(stored).hasSize(3).allSatisfy(value -> assertThat(value).doesNotContain(PASSWORD, TOKEN));
            assertThat(stored.get(0)).isEqualTo(masked);
            assertThat(secrets.openUrl(domainId(push), stored.get(1))).isEqualTo(url);
        }
    }

    @Test
    void displayMasksUserinfoAndEveryQueryValue() {
        assertThat(CallbackUrls.display("https://u:p@hooks.example.com:8443/a/b?k=v&bare&e="))
                .isEqualTo("https://***@hooks.example.com:8443/a/b?k=***&***&e=***");
        assertThat(CallbackUrls.display("https://hooks.example.com/in")).isEqualTo("https://hooks.example.com/in");
        assertThat(CallbackUrls.display("http://" + "a@".repeat(1) + "h.example/" + "p".repeat(2100)))
                .hasSize(CallbackUrls.MAX_LENGTH);
    }

    /** The domain's url and url_sealed, and its delivery's url, as an operator with database access reads them. */
    private static List<String> stored(String domain) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect();
                PreparedStatement callbacks = connection.prepareStatement("SELECT c.url, c.url_sealed"
                        + " FROM domain_callbacks c JOIN domains d ON d.id = c.domain_id WHERE d.name = ?");
                PreparedStatement deliveries = connection.prepareStatement(
                        "SELECT url FROM callback_deliveries WHERE domain = ?")) {
            callbacks.setString(1, domain);
            try (ResultSet rows = callbacks.executeQuery()) {
                assertThat(rows.next()).isTrue();
                values.add(rows.getString(1));
                values.add(rows.getString(2));
            }
            deliveries.setString(1, domain);
            try (ResultSet rows = deliveries.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }

    private static String domainId(String domain) throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("SELECT id FROM domains WHERE name = ?")) {
            statement.setString(1, domain);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    private static Receiver.Received await(Receiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (receiver.received().isEmpty()) {
            assertThat(System.nanoTime()).as("the webhook arrived").isLessThan(deadline);
            Thread.sleep(20);
        }
        return receiver.received().get(0);
    }
}
