package dev.liveplane.controlplane.node;

import dev.liveplane.api.node.model.ConfigDelta;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.api.node.model.SnapshotRecording;
import dev.liveplane.api.node.model.SnapshotStreamKey;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.billing.Standing;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigChangeLog;
import dev.liveplane.controlplane.domain.ServedDomain;
import dev.liveplane.controlplane.domain.ServedDomains;
import dev.liveplane.controlplane.recording.RecordingSnapshot;
import dev.liveplane.controlplane.streamkey.StreamKeySnapshot;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes the {@code ConfigDelta} from a version a node holds to the current one, serialized, without any state of
 * its own: the keys logged as changed since that version are read at their current value, in one read transaction
 * with the version (as {@link ConfigSnapshots#build} reads the snapshot), a key present now sent whole, one absent
 * sent as removed. Any control-plane instance answers any node alike.
 */
@Singleton
final class ConfigDeltas {

    /**
     * Past this many changed keys the whole snapshot is the better answer (and the delta's queries would name them all
     * in IN lists): a node that far behind gets 409 and fetches it.
     */
    static final int MAX_KEYS = 20_000;

    private final ConfigChangeLog log;
    private final ServedDomains servedDomains;
    private final SnapshotRepository rows;
    private final SnapshotDomains snapshotDomains;
    private final StreamKeySnapshot streamKeys;
    private final Standing standing;
    private final RecordingSnapshot recording;
    private final FleetConfiguration config;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;

    ConfigDeltas(ConfigChangeLog log, ServedDomains servedDomains, SnapshotRepository rows,
            SnapshotDomains snapshotDomains, StreamKeySnapshot streamKeys, Standing standing,
            RecordingSnapshot recording, FleetConfiguration config, TransactionOperations<Connection> transactions,
            JsonMapper json) {
        this.log = log;
        this.servedDomains = servedDomains;
        this.rows = rows;
        this.snapshotDomains = snapshotDomains;
        this.streamKeys = streamKeys;
        this.standing = standing;
        this.recording = recording;
        this.config = config;
        this.transactions = transactions;
        this.json = json;
    }

    /** What a node holding a version is answered: a delta to {@code version}, or why there is none. */
    sealed interface Outcome permits Delta, Unavailable {
    }

    /** The serialized delta, the same bytes for every node holding {@code since}. */
    record Delta(long since, long version, byte[] body) implements Outcome {
    }

    /** The node must fetch the whole snapshot; {@code detail} says why, for the 409. */
    record Unavailable(String detail) implements Outcome {
    }

    Outcome since(long since) {
        return transactions.executeRead(status -> {
            ConfigChangeLog.Window window = log.window();
            if (since < window.changesFrom()) {
                return new Unavailable("this control plane holds changes from version " + window.changesFrom()
                        + " on; fetch the whole snapshot from /config");
            }
            if (since > window.version()) {
                return new Unavailable("version " + since + " is newer than the current version "
                        + window.version() + "; fetch the whole snapshot from /config");
            }
            Set<ConfigChange> changes = log.changedBetween(since, window.version());
            if (changes.size() > MAX_KEYS) {
                return new Unavailable(changes.size() + " things changed since version " + since
                        + "; fetch the whole snapshot from /config");
            }
            ConfigDelta delta = delta(since, window.version(), changes);
            if (delta == null) {
                return new Unavailable("the recording section was withdrawn (the storage is gone), which a delta "
                        + "does not express; fetch the whole snapshot from /config");
            }
            return new Delta(since, delta.getVersion(), serialize(delta));
        });
    }

    private byte[] serialize(ConfigDelta delta) {
        try {
            return json.writeValueAsBytes(delta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the config delta", e);
        }
    }

    /** The delta, or null when the recording section went away (not expressible). */
    private ConfigDelta delta(long since, long version, Set<ConfigChange> changes) {
        Instant now = Times.now();
        Set<String> domainIds = new LinkedHashSet<>();
        Set<String> forbidKeys = new LinkedHashSet<>();
        Set<String> streamKeyIds = new LinkedHashSet<>();
        boolean suspensions = false;
        boolean recordingChanged = false;
        for (ConfigChange change : changes) {
            switch (change.kind()) {
                case DOMAIN -> domainIds.add(change.domainId());
                case FORBIDDEN_STREAM -> forbidKeys.add(change.key());
                case STREAM_KEY -> streamKeyIds.add(change.key());
                case SUSPENSIONS -> suspensions = true;
                case RECORDING -> recordingChanged = true;
            }
        }
        ConfigDelta delta = new ConfigDelta().fromVersion(since).version(version).generatedAt(Times.utc(now));
        addDomains(delta, domainIds);
        addForbids(delta, forbidKeys, changes, now);
        addStreamKeys(delta, streamKeyIds);
        if (suspensions) {
            delta.suspendedTenants(standing.suspendedTenants());
        }
        // Rules and manual recordings count only on enabled push domains, so any domain change may move the section.
        if (recordingChanged || !domainIds.isEmpty()) {
            SnapshotRecording section = recording.ofServed(ids -> servedDomains.among(ids,
                    config.serveUnverifiedDomains()));
            if (section == null && recordingChanged) {
                return null;
            }
            delta.recording(section);
        }
        return delta;
    }

    private void addDomains(ConfigDelta delta, Set<String> ids) {
        List<ServedDomain> served = servedDomains.among(ids, config.serveUnverifiedDomains());
        List<SnapshotDomain> present = ids.isEmpty() ? List.of()
                : snapshotDomains.of(served, rows.findSigningOf(ids), rows.findJwtKeysOf(ids));
        Set<String> removed = new LinkedHashSet<>(ids);
        present.forEach(d -> removed.remove(d.getId()));
        delta.domains(present).removedDomainIds(new ArrayList<>(removed));
    }

    private void addForbids(ConfigDelta delta, Set<String> keys, Set<ConfigChange> changes, Instant now) {
        Set<String> domains = new LinkedHashSet<>();
        changes.stream().filter(c -> c.kind() == ConfigChange.Kind.FORBIDDEN_STREAM)
                .forEach(c -> domains.add(c.domainName()));
        Map<String, SnapshotForbiddenStream> present = new LinkedHashMap<>();
        if (!domains.isEmpty()) {
            for (SnapshotRows.Forbidden f : rows.findForbiddenOn(domains, now)) {
                ConfigChange key = ConfigChange.forbiddenStream(f.domain(), f.app(), f.stream());
                if (keys.contains(key.key())) {
                    present.put(key.key(), new SnapshotForbiddenStream().domain(f.domain()).app(f.app())
                            .stream(f.stream()).until(Times.utc(f.untilAt())));
                }
            }
        }
        List<SnapshotForbiddenStream> removed = new ArrayList<>();
        for (ConfigChange change : changes) {
            if (change.kind() == ConfigChange.Kind.FORBIDDEN_STREAM && !present.containsKey(change.key())) {
                String[] appAndStream = change.appAndStream();
                removed.add(new SnapshotForbiddenStream().domain(change.domainName()).app(appAndStream[0])
                        .stream(appAndStream[1]));
            }
        }
        delta.forbiddenStreams(new ArrayList<>(present.values())).removedForbiddenStreams(removed);
    }

    private void addStreamKeys(ConfigDelta delta, Set<String> ids) {
        List<SnapshotStreamKey> present = streamKeys.activeAmong(ids);
        Set<String> removed = new LinkedHashSet<>(ids);
        present.forEach(k -> removed.remove(k.getId()));
        delta.streamKeys(present).removedStreamKeyIds(new ArrayList<>(removed));
    }
}
