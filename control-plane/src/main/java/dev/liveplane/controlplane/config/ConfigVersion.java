package dev.liveplane.controlplane.config;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The version of the nodes' config snapshot and the log of what each version changed. Whatever changes what a node
 * must enforce (a domain, its keys, a forbid, a suspension) calls {@link #bump} in the same transaction, naming what
 * it changed, so the new version is never seen before the change itself, and a delta from any logged version names
 * every key that moved; nodes long-polling on the old version then fetch the change.
 */
@Singleton
public class ConfigVersion {

    private final ConfigVersionRepository versions;
    private final ConfigChangeLog log;

    ConfigVersion(ConfigVersionRepository versions, ConfigChangeLog log) {
        this.versions = versions;
        this.log = log;
    }

    /** Moves the version on and logs what moved; call it inside the transaction that makes the change. */
    public void bump(ConfigChange change, ConfigChange... more) {
        List<ConfigChange> changes = new ArrayList<>(1 + more.length);
        changes.add(change);
        changes.addAll(List.of(more));
        bump(changes);
    }

    /** As {@link #bump(ConfigChange, ConfigChange...)}; {@code changes} must not be empty. */
    public void bump(Collection<ConfigChange> changes) {
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a config version bump must name what changed");
        }
        // The UPDATE takes the row's lock, so the version read next is this transaction's own until it commits.
        versions.bump();
        log.record(versions.current(), changes);
    }

    /**
     * Moves the version on when a write changed {@code rows} rows (a delete that found nothing changes nothing a node
     * enforces); call it inside the write's transaction. Answers {@code rows}.
     */
    public int bumpIfChanged(int rows, ConfigChange change) {
        if (rows > 0) {
            bump(change);
        }
        return rows;
    }

    /** The version as committed now. */
    public long current() {
        return versions.current();
    }
}
