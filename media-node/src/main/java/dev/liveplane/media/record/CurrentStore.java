package dev.liveplane.media.record;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The object store for the bucket the config names now: built on first use and again when the snapshot names
 * another bucket or other credentials, the old client closed. Any thread.
 */
final class CurrentStore implements Supplier<ObjectStore>, AutoCloseable {

    private final Supplier<RecordingConfig> config;
    private final Function<StorageTarget, ObjectStore> open;
    private StorageTarget target;
    private ObjectStore store;

    CurrentStore(Supplier<RecordingConfig> config, Function<StorageTarget, ObjectStore> open) {
        this.config = config;
        this.open = open;
    }

    /** The store, or null while the config names no bucket. */
    @Override
    public synchronized ObjectStore get() {
        StorageTarget now = config.get().storage();
        if (now == null) {
            return null;
        }
        if (!now.equals(target)) {
            if (store != null) {
                store.close();
            }
            store = open.apply(now);
            target = now;
        }
        return store;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
            target = null;
        }
    }
}
