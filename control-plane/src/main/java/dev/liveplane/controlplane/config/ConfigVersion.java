package dev.liveplane.controlplane.config;

import jakarta.inject.Singleton;

/**
 * The version of the nodes' config snapshot. Whatever changes what a node must enforce (a domain, its keys, a
 * forbid, a suspension) calls {@link #bump()} in the same transaction, so the new version is never seen before the
 * change itself; nodes long-polling on the old version then fetch the new snapshot.
 */
@Singleton
public class ConfigVersion {

    private final ConfigVersionRepository versions;

    ConfigVersion(ConfigVersionRepository versions) {
        this.versions = versions;
    }

    /** Moves the version on; call it inside the transaction that makes the change. */
    public void bump() {
        versions.bump();
    }

    /**
     * Moves the version on when a write changed {@code rows} rows (a delete that found nothing changes nothing a node
     * enforces); call it inside the write's transaction. Answers {@code rows}.
     */
    public int bumpIfChanged(int rows) {
        if (rows > 0) {
            bump();
        }
        return rows;
    }

    /** The version as committed now. */
    public long current() {
        return versions.current();
    }
}
