package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.RecordingPolicy;
import dev.liveplane.api.node.model.RecordingStorage;
import dev.liveplane.api.node.model.SnapshotManualRecording;
import dev.liveplane.api.node.model.SnapshotRecording;
import dev.liveplane.api.node.model.SnapshotRecordingRule;
import dev.liveplane.api.stream.StreamKey;
import dev.liveplane.media.record.KeyTemplate;
import dev.liveplane.media.record.RecordingConfig;
import dev.liveplane.media.record.RecordingFormat;
import dev.liveplane.media.record.RecordingRule;
import dev.liveplane.media.record.StorageTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.liveplane.media.fleet.ConfigSnapshotReader.required;
import static dev.liveplane.media.fleet.ConfigSnapshotReader.text;

/**
 * Turns the snapshot's {@code recording} section into the {@link RecordingConfig} the recorders follow; absent is
 * {@link RecordingConfig#NONE}. A malformed part throws {@link IllegalArgumentException} naming its place, which
 * rejects the whole snapshot as every other malformed part does.
 */
final class RecordingConfigReader {

    private RecordingConfigReader() {
    }

    static RecordingConfig read(SnapshotRecording recording) {
        if (recording == null) {
            return RecordingConfig.NONE;
        }
        StorageTarget storage = storage(required(recording.getStorage(), "recording.storage"));
        List<RecordingRule> rules = new ArrayList<>();
        List<SnapshotRecordingRule> list = required(recording.getRules(), "recording.rules");
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(required(list.get(i), "recording.rules[" + i + "]"), "recording.rules[" + i + "]"));
        }
        Set<StreamKey> manual = new HashSet<>();
        List<SnapshotManualRecording> started = required(recording.getManual(), "recording.manual");
        for (int i = 0; i < started.size(); i++) {
            String where = "recording.manual[" + i + "]";
            SnapshotManualRecording m = required(started.get(i), where);
            manual.add(new StreamKey(text(m.getDomain(), where + ".domain"), text(m.getApp(), where + ".app"),
                    text(m.getStream(), where + ".stream")));
        }
        return new RecordingConfig(storage, rules, manual);
    }

    private static StorageTarget storage(RecordingStorage s) {
        URI endpoint;
        try {
            endpoint = s.getEndpoint() == null || s.getEndpoint().isBlank() ? null : URI.create(s.getEndpoint());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("recording.storage.endpoint: not a URI");
        }
        return new StorageTarget(text(s.getBucket(), "recording.storage.bucket"),
                text(s.getRegion(), "recording.storage.region"), endpoint,
                required(s.getPathStyle(), "recording.storage.pathStyle"), s.getAccessKeyId(),
                s.getSecretAccessKey());
    }

    private static RecordingRule rule(SnapshotRecordingRule r, String where) {
        Set<RecordingFormat> formats = EnumSet.noneOf(RecordingFormat.class);
        for (var format : required(r.getFormats(), where + ".formats")) {
            formats.add(RecordingFormat.of(required(format, where + ".formats").getValue()));
        }
        try {
            return new RecordingRule(text(r.getDomainId(), where + ".domainId"), text(r.getDomain(), where + ".domain"),
                    text(r.getApp(), where + ".app"), text(r.getStream(), where + ".stream"),
                    required(r.getPolicy(), where + ".policy") == RecordingPolicy.MANUAL, formats,
                    seconds(r.getCycleSeconds(), where + ".cycleSeconds"),
                    seconds(r.getHlsSegmentSeconds(), where + ".hlsSegmentSeconds"),
                    new KeyTemplate(text(r.getKeyTemplate(), where + ".keyTemplate")),
                    seconds(r.getReconnectWindowSeconds(), where + ".reconnectWindowSeconds"),
                    seconds(r.getThumbnailIntervalSeconds(), where + ".thumbnailIntervalSeconds"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static Duration seconds(Integer value, String where) {
        if (required(value, where) < 0) {
            throw new IllegalArgumentException(where + ": must not be negative");
        }
        return Duration.ofSeconds(value);
    }
}
