package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.StreamEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.sql.SQLDataException;
import java.sql.SQLTransientConnectionException;

/**
 * Fails a batch's transaction as the database would for some of its records, by stream name: {@code poison-*} as
 * a value the database refuses (SQLSTATE 22001), {@code outage-*} as a lost connection; {@code slow-*} holds the
 * transaction (and its pooled connection) for 300 ms, as a slow database would. Streams of other names, every other
 * test's, pass untouched.
 */
@Singleton
final class PoisonRecords {

    @EventListener
    void onReported(StreamEventsReported reported) {
        for (StreamEvent event : reported.batches().stream().flatMap(b -> b.events().stream()).toList()) {
            if (event.getStream().startsWith("poison-")) {
                throw new IllegalStateException("batch failed", new SQLDataException(
                        "Data too long for column 'audio_codec' at row 1", "22001", 1406));
            }
            if (event.getStream().startsWith("slow-")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (event.getStream().startsWith("outage-")) {
                throw new IllegalStateException("batch failed", new SQLTransientConnectionException(
                        "Connection is not available, request timed out after 30000ms"));
            }
        }
    }
}
