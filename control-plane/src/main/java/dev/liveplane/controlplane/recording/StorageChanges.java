package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the config version when this instance starts with other storage settings than the snapshot last described
 * (a new bucket, endpoint or keys, or recording turned on or off): storage is deployment configuration, changed by a
 * restart, and nodes long-polling on the old version would otherwise never fetch it.
 */
@Singleton
final class StorageChanges {

    private static final Logger LOG = LoggerFactory.getLogger(StorageChanges.class);
    private static final String NONE = "none";

    private final RecordingStorage storage;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    StorageChanges(RecordingStorage storage, ConfigVersion configVersion,
            TransactionOperations<Connection> transactions) {
        this.storage = storage;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        String now = storage.storage().map(Storage::fingerprint).orElse(NONE);
        boolean changed = transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            String before = read(connection);
            if (now.equals(before) || (before == null && now.equals(NONE))) {
                return false;
            }
            write(connection, before == null, now);
            configVersion.bump(ConfigChange.recording());
            return true;
        });
        if (changed) {
            LOG.info("recording storage changed, config version moved storage={}",
                    storage.storage().map(Storage::toString).orElse(NONE));
        }
    }

    private static String read(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT fingerprint FROM recording_storage_state WHERE id = 1 FOR UPDATE");
                ResultSet row = select.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private static void write(Connection connection, boolean insert, String fingerprint) throws SQLException {
        try (PreparedStatement change = connection.prepareStatement(insert
                ? "INSERT INTO recording_storage_state (fingerprint, id) VALUES (?, 1)"
                : "UPDATE recording_storage_state SET fingerprint = ? WHERE id = 1")) {
            change.setString(1, fingerprint);
            change.executeUpdate();
        }
    }
}
