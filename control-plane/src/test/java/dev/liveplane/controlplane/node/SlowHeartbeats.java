package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.StreamLoad;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.sql.SQLDataException;

/**
 * Acts on a heartbeat's transaction as the database would, by the name of a stream it reports: {@code slow-*} holds
 * it (and the writer thread) for 300 ms, {@code poison-*} fails it with a value the database refuses. Heartbeats
 * naming other streams, every other test's, pass untouched.
 */
@Singleton
final class SlowHeartbeats {

    @EventListener
    void onHeartbeat(NodeHeartbeatReceived heartbeat) {
        for (StreamLoad load : heartbeat.streams()) {
            if (load.getStream().startsWith("poison-")) {
                throw new IllegalStateException("heartbeat failed", new SQLDataException(
                        "Data too long for column 'stream' at row 1", "22001", 1406));
            }
            if (load.getStream().startsWith("slow-")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
