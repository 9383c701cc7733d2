package dev.liveplane.controlplane.streamkey;

import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.domain.DomainRemoved;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Logs the stream keys of a domain being removed as config changes, in the removal's transaction and before its row
 * goes (the keys go with it, by the foreign key's cascade), so a delta tells nodes to drop each by id.
 */
@Singleton
final class RemovedDomainStreamKeys {

    private final StreamKeyRepository keys;
    private final ConfigVersion configVersion;

    RemovedDomainStreamKeys(StreamKeyRepository keys, ConfigVersion configVersion) {
        this.keys = keys;
        this.configVersion = configVersion;
    }

    @EventListener
    void onRemoved(DomainRemoved removed) {
        List<ConfigChange> dropped = keys.findIdsByDomainId(removed.domainId()).stream()
                .map(ConfigChange::streamKey).toList();
        if (!dropped.isEmpty()) {
            configVersion.bump(dropped);
        }
    }
}
