package dev.liveplane.controlplane.callback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Seals the webhook URLs stored in clear (they may carry credentials: {@code https://user:pass@host/?token=...}):
 * adds {@code domain_callbacks.url_sealed}, seals each URL into it under the master key, and leaves only the masked
 * display form in {@code url} there and in the delivery log. In Java because the key is the application's.
 */
final class V4__Seal_callback_url_credentials extends BaseJavaMigration {

    private final CallbackSecrets secrets;

    V4__Seal_callback_url_credentials(CallbackSecrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE domain_callbacks ADD COLUMN url_sealed TEXT NULL");
        }
        Map<String, String> callbacks = read(connection, "SELECT domain_id, url FROM domain_callbacks");
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE domain_callbacks SET url = ?, url_sealed = ? WHERE domain_id = ?")) {
            for (Map.Entry<String, String> row : callbacks.entrySet()) {
                update.setString(1, CallbackUrls.display(row.getValue()));
                update.setString(2, secrets.sealUrl(row.getKey(), row.getValue()));
                update.setString(3, row.getKey());
                update.executeUpdate();
            }
        }
        Map<String, String> deliveries = read(connection, "SELECT id, url FROM callback_deliveries");
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE callback_deliveries SET url = ? WHERE id = ?")) {
            for (Map.Entry<String, String> row : deliveries.entrySet()) {
                update.setString(1, CallbackUrls.display(row.getValue()));
                update.setString(2, row.getKey());
                update.executeUpdate();
            }
        }
    }

    private static Map<String, String> read(Connection connection, String query) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }
}
