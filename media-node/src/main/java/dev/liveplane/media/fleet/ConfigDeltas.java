package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.ConfigDelta;
import dev.liveplane.api.node.model.ConfigSnapshot;
import dev.liveplane.api.node.model.SnapshotDomain;
import dev.liveplane.api.node.model.SnapshotForbiddenStream;
import dev.liveplane.api.node.model.SnapshotStreamKey;
import dev.liveplane.api.stream.StreamKey;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.liveplane.media.fleet.ConfigSnapshotReader.required;
import static dev.liveplane.media.fleet.ConfigSnapshotReader.text;

/**
 * Applies a {@code ConfigDelta} (api/openapi.yaml) to the snapshot a node holds, giving the {@code ConfigSnapshot} of
 * the delta's version: domains and stream keys are replaced or added by id and removed by id, forbidden streams the
 * same by domain, app and stream (under {@link StreamKey}'s case rule, the control plane's), and
 * {@code suspendedTenants}, {@code hlsSessionSecret} and {@code recording} replace their part whole when present.
 * Unchanged parts are carried over as the same objects, so the reader can keep their converted form. A delta that is
 * not what the spec describes is refused whole, naming the place and the problem, as a snapshot is; what the result
 * enforces is checked afterwards by {@link ConfigSnapshotReader#held}, exactly as for a snapshot that came whole.
 */
final class ConfigDeltas {

    private ConfigDeltas() {
    }

    /** Reads a delta's JSON with the snapshot's strictness. */
    static ConfigDelta read(String json) throws ConfigSnapshotReader.InvalidSnapshotException {
        return ConfigSnapshotReader.readWire(json, ConfigDelta.class);
    }

    /** The snapshot {@code delta} leads to from {@code held}, which the caller checked is its {@code fromVersion}. */
    static ConfigSnapshot apply(HeldSnapshot held, ConfigDelta delta)
            throws ConfigSnapshotReader.InvalidSnapshotException {
        if (!held.takesDeltas()) {
            throw new IllegalStateException("snapshot " + held.version() + " has domains without ids");
        }
        try {
            return applied(held, delta);
        } catch (IllegalArgumentException e) {
            throw new ConfigSnapshotReader.InvalidSnapshotException(e.getMessage());
        }
    }

    private static ConfigSnapshot applied(HeldSnapshot held, ConfigDelta delta) {
        long version = required(delta.getVersion(), "version");
        required(delta.getFromVersion(), "fromVersion");
        OffsetDateTime generatedAt = required(delta.getGeneratedAt(), "generatedAt");
        ConfigSnapshot wire = held.wire();
        return new ConfigSnapshot()
                .version(version)
                .generatedAt(generatedAt)
                .hlsSessionSecret(delta.getHlsSessionSecret() != null ? delta.getHlsSessionSecret()
                        : wire.getHlsSessionSecret())
                .domains(domains(held.domainsById(), delta))
                .forbiddenStreams(forbidden(wire.getForbiddenStreams(), delta))
                .suspendedTenants(delta.getSuspendedTenants() != null ? delta.getSuspendedTenants()
                        : wire.getSuspendedTenants())
                .streamKeys(streamKeys(wire.getStreamKeys(), delta))
                .recording(delta.getRecording() != null ? delta.getRecording() : wire.getRecording());
    }

    private static List<SnapshotDomain> domains(Map<String, SnapshotDomain> held, ConfigDelta delta) {
        return upsertById(held, delta.getDomains(), "domains", SnapshotDomain::getId, delta.getRemovedDomainIds(),
                "removedDomainIds");
    }

    private static List<SnapshotStreamKey> streamKeys(List<SnapshotStreamKey> held, ConfigDelta delta) {
        Map<String, SnapshotStreamKey> byId = new LinkedHashMap<>();
        if (held != null) { // absent from a control plane that had none: read as empty
            held.forEach(key -> byId.put(key.getId(), key));
        }
        return upsertById(byId, delta.getStreamKeys(), "streamKeys", SnapshotStreamKey::getId,
                delta.getRemovedStreamKeyIds(), "removedStreamKeyIds");
    }

    /**
     * {@code held} with the delta's {@code changed} items put by id (each id once) and its {@code removed} ids taken
     * out; {@code where} and {@code removedWhere} name the fields in an error.
     */
    private static <T> List<T> upsertById(Map<String, T> held, List<T> changed, String where, Function<T, String> id,
            List<String> removed, String removedWhere) {
        Map<String, T> byId = new LinkedHashMap<>(held);
        List<T> items = required(changed, where);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            T item = required(items.get(i), where + "[" + i + "]");
            String itemId = text(id.apply(item), where + "[" + i + "].id");
            if (!seen.add(itemId)) {
                throw new IllegalArgumentException(where + "[" + i + "].id: " + itemId + " is listed twice");
            }
            byId.put(itemId, item);
        }
        removeIds(byId, seen, required(removed, removedWhere), removedWhere);
        return new ArrayList<>(byId.values());
    }

    /**
     * Removes {@code ids}; one that is not held is no error (the result is the same), but one the delta also
     * changes contradicts it.
     */
    private static void removeIds(Map<String, ?> byId, Set<String> changed, List<String> ids, String where) {
        for (int i = 0; i < ids.size(); i++) {
            String id = text(ids.get(i), where + "[" + i + "]");
            if (changed.contains(id)) {
                throw new IllegalArgumentException(where + "[" + i + "]: " + id + " is also listed as changed");
            }
            byId.remove(id);
        }
    }

    private static List<SnapshotForbiddenStream> forbidden(List<SnapshotForbiddenStream> held, ConfigDelta delta) {
        Map<StreamKey, SnapshotForbiddenStream> byStream = new LinkedHashMap<>();
        for (SnapshotForbiddenStream f : held) {
            byStream.put(new StreamKey(f.getDomain(), f.getApp(), f.getStream()), f);
        }
        List<SnapshotForbiddenStream> changed = required(delta.getForbiddenStreams(), "forbiddenStreams");
        Set<StreamKey> seen = new HashSet<>();
        for (int i = 0; i < changed.size(); i++) {
            SnapshotForbiddenStream f = required(changed.get(i), "forbiddenStreams[" + i + "]");
            StreamKey stream = stream(f, "forbiddenStreams[" + i + "]");
            if (!seen.add(stream)) {
                throw new IllegalArgumentException("forbiddenStreams[" + i + "]: " + stream + " is listed twice");
            }
            byStream.remove(stream); // a new spelling of the same stream replaces the old one, not beside it
            byStream.put(stream, f);
        }
        List<SnapshotForbiddenStream> removed = required(delta.getRemovedForbiddenStreams(),
                "removedForbiddenStreams");
        for (int i = 0; i < removed.size(); i++) {
            String where = "removedForbiddenStreams[" + i + "]";
            StreamKey stream = stream(required(removed.get(i), where), where);
            if (seen.contains(stream)) {
                throw new IllegalArgumentException(where + ": " + stream + " is also listed as forbidden");
            }
            byStream.remove(stream);
        }
        return new ArrayList<>(byStream.values());
    }

    private static StreamKey stream(SnapshotForbiddenStream f, String where) {
        return new StreamKey(text(f.getDomain(), where + ".domain"), text(f.getApp(), where + ".app"),
                text(f.getStream(), where + ".stream"));
    }
}
