package dev.liveplane.controlplane.recording;

import dev.liveplane.api.node.model.RecordingFormat;
import dev.liveplane.api.node.model.RecordingPolicy;
import dev.liveplane.api.node.model.SnapshotManualRecording;
import dev.liveplane.api.node.model.SnapshotRecording;
import dev.liveplane.api.node.model.SnapshotRecordingRule;
import dev.liveplane.controlplane.domain.ServedDomain;
import dev.liveplane.controlplane.domain.TenantDomain;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.SerdeImport;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The config snapshot's {@code recording}: the storage with its keys (nodes upload with them, as they hold the
 * domains' signing keys from the same snapshot), every enabled rule of the enabled push domains the snapshot serves,
 * tied to each domain's snapshot id, and the streams recorded by hand now. Null when the deployment has no storage.
 * Read it inside the snapshot's read transaction, so the rows are those of the version it reads. Imports the api
 * module's wire types for Micronaut Serde here, as {@code streamkey.StreamKeySnapshot} does for its own.
 */
@Singleton
@SerdeImport(SnapshotRecording.class)
@SerdeImport(dev.liveplane.api.node.model.RecordingStorage.class)
@SerdeImport(SnapshotRecordingRule.class)
@SerdeImport(SnapshotManualRecording.class)
@SerdeImport(RecordingFormat.class)
@SerdeImport(RecordingPolicy.class)
public final class RecordingSnapshot {

    private final RecordingStorage storage;
    private final RecordingRuleRepository rules;
    private final ManualRecordingRepository manual;

    RecordingSnapshot(RecordingStorage storage, RecordingRuleRepository rules, ManualRecordingRepository manual) {
        this.storage = storage;
        this.rules = rules;
        this.manual = manual;
    }

    /** What nodes record, for the domains the snapshot serves; null when nothing can be recorded. */
    public @Nullable SnapshotRecording of(List<ServedDomain> served) {
        return ofServed(ids -> served);
    }

    /**
     * As {@link #of}, asking {@code servedAmong} only for the served domains among those that have rules or manual
     * recordings: a delta sends the section whole without reading every domain.
     */
    public @Nullable SnapshotRecording ofServed(Function<Set<String>, List<ServedDomain>> servedAmong) {
        Storage bucket = storage.storage().orElse(null);
        if (bucket == null) {
            return null;
        }
        List<RecordingRuleRow> enabled = rules.findEnabled();
        List<ManualRecordingRow> recorded = manual.findAll();
        Set<String> ids = new HashSet<>();
        enabled.forEach(r -> ids.add(r.domainId()));
        recorded.forEach(m -> ids.add(m.domainId()));
        Map<String, ServedDomain> recordable = servedAmong.apply(ids).stream()
                .filter(d -> d.enabled() && TenantDomain.PUSH.equals(d.type()))
                .collect(Collectors.toMap(ServedDomain::id, Function.identity()));
        List<SnapshotRecordingRule> ruleList = enabled.stream()
                .filter(r -> recordable.containsKey(r.domainId()))
                .map(r -> rule(recordable.get(r.domainId()), r))
                .toList();
        List<SnapshotManualRecording> started = recorded.stream()
                .filter(m -> recordable.containsKey(m.domainId()))
                .map(m -> new SnapshotManualRecording().domain(recordable.get(m.domainId()).name()).app(m.app())
                        .stream(m.stream()))
                .toList();
        return new SnapshotRecording().storage(wire(bucket)).rules(ruleList).manual(started);
    }

    private static dev.liveplane.api.node.model.RecordingStorage wire(Storage bucket) {
        return new dev.liveplane.api.node.model.RecordingStorage().bucket(bucket.bucket()).region(bucket.region())
                .endpoint(bucket.endpoint() == null ? null : bucket.endpoint().toString())
                .pathStyle(bucket.pathStyle()).accessKeyId(bucket.accessKeyId())
                .secretAccessKey(bucket.secretAccessKey());
    }

    private static SnapshotRecordingRule rule(ServedDomain domain, RecordingRuleRow r) {
        return new SnapshotRecordingRule().domainId(domain.id()).domain(domain.name()).app(r.app()).stream(r.stream())
                .policy(RecordingPolicy.fromValue(r.policy()))
                .formats(r.formatList().stream().map(RecordingFormat::fromValue).toList())
                .cycleSeconds(r.cycleSeconds()).hlsSegmentSeconds(r.hlsSegmentSeconds()).keyTemplate(r.keyTemplate())
                .reconnectWindowSeconds(r.reconnectWindowSeconds())
                .thumbnailIntervalSeconds(r.thumbnailIntervalSeconds());
    }
}
