package dev.liveplane.controlplane.streamkey;

import dev.liveplane.api.node.model.SnapshotStreamKey;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;

/**
 * The active stream keys as the nodes' config snapshot lists them (hashes only). Read it inside the snapshot's read
 * transaction, so the keys are those of the version it reads. Imports the api module's wire type for Micronaut Serde
 * here, beside the other snapshot types' imports in node/NodeWireTypes, so the feature stays in its package.
 */
@Singleton
@SerdeImport(SnapshotStreamKey.class)
public final class StreamKeySnapshot {

    private final StreamKeyRepository keys;

    StreamKeySnapshot(StreamKeyRepository keys) {
        this.keys = keys;
    }

    public List<SnapshotStreamKey> active() {
        return keys.findActive().stream().map(StreamKeySnapshot::wire).toList();
    }

    /** Of {@link #active}, those with one of {@code ids}, for a delta. */
    public List<SnapshotStreamKey> activeAmong(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : keys.findActiveByIds(ids).stream().map(StreamKeySnapshot::wire).toList();
    }

    private static SnapshotStreamKey wire(ActiveStreamKey k) {
        return new SnapshotStreamKey().id(k.id()).domain(k.domain()).app(k.app()).stream(k.stream())
                .secretHash(k.secretHash());
    }
}
