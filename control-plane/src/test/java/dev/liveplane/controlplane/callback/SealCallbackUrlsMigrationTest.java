package dev.liveplane.controlplane.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.liveplane.controlplane.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The V4 migration on a database that V2 left with webhook URLs in clear, as an installation upgrading holds them:
 * afterwards only the masked form is in clear, in the settings and the delivery log, and the sealed URL opens to the
 * original under the master key. A database of its own (H2), so that the rows are the old version's.
 */
@MicronautTest
class SealCallbackUrlsMigrationTest extends ApiTestBase {

    private static final String URL = "jdbc:h2:mem:seal-callback-urls;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
            + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1";
    private static final String CLEAR = "https://user:s3cret-pass@hooks.example.com/in?token=s3cret-token";
    private static final String MASKED = "https://***@hooks.example.com/in?token=***";

    @Inject
    CallbackSecrets secrets;

    @Test
    void urlsStoredInClearBeforeAreSealedAndMasked() throws SQLException {
        Flyway.configure().dataSource(URL, "sa", "").target("2").load().migrate();
        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO tenants VALUES ('t1', 'T', 't', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO domains (id, tenant_id, name, type, enabled, cname, cname_status,"
                    + " challenge_token, referer_allow, referer_deny, ip_allow, ip_deny, created_at) VALUES ('d1', 't1',"
                    + " 'push.example.com', 'push', TRUE, 'c', 'PENDING', 'x', '', '', '', '', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO domain_callbacks VALUES ('d1', '" + CLEAR + "', 'publish', 's',"
                    + " CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO callback_deliveries (id, tenant_id, domain, event, url, body, status,"
                    + " attempts, created_at) VALUES ('x1', 't1', 'push.example.com', 'publish', '" + CLEAR
                    + "', '{}', 'DELIVERED', 1, CURRENT_TIMESTAMP)");
        }

        Flyway.configure().dataSource(URL, "sa", "").javaMigrations(new V4__Seal_callback_url_credentials(secrets))
                .load().migrate();

        try (Connection connection = DriverManager.getConnection(URL, "sa", "");
                Statement statement = connection.createStatement();
                ResultSet callback = statement.executeQuery("SELECT url, url_sealed FROM domain_callbacks")) {
            assertThat(callback.next()).isTrue();
            assertThat(callback.getString(1)).isEqualTo(MASKED);
            assertThat(callback.getString(2)).doesNotContain("s3cret");
            assertThat(secrets.openUrl("d1", callback.getString(2))).isEqualTo(CLEAR);
            try (ResultSet delivery = connection.createStatement().executeQuery("SELECT url FROM callback_deliveries")) {
                assertThat(delivery.next()).isTrue();
                assertThat(delivery.getString(1)).isEqualTo(MASKED);
            }
        }
    }
}
