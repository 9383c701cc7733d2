package dev.liveplane.media.record;

import dev.liveplane.api.stream.StreamKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the node records, from its config snapshot: the bucket, the rules and the streams started by hand. Immutable;
 * a new snapshot brings a new one.
 *
 * @param storage null: the deployment records nothing
 */
public record RecordingConfig(StorageTarget storage, List<RecordingRule> rules, Set<StreamKey> manual) {

    /** Records nothing. */
    public static final RecordingConfig NONE = new RecordingConfig(null, List.of(), Set.of());

    public RecordingConfig {
        rules = List.copyOf(rules);
        manual = Set.copyOf(manual);
    }

    /**
     * The rule a stream published under {@code domainId} follows: the most specific one covering it (stream, then
     * app, then domain), or empty when none does or there is no bucket.
     */
    public Optional<RecordingRule> ruleFor(StreamKey stream, String domainId) {
        if (storage == null) {
            return Optional.empty();
        }
        RecordingRule best = null;
        for (RecordingRule rule : rules) {
            if (rule.domain().toLowerCase(Locale.ROOT).equals(stream.domain())
                    && (domainId == null || rule.domainId().equals(domainId))
                    && rule.covers(stream.app(), stream.stream())
                    && (best == null || rule.specificity() > best.specificity())) {
                best = rule;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code stream} is to be recorded now under {@code rule}: always, or while started by hand. */
    public boolean active(RecordingRule rule, StreamKey stream) {
        return !rule.manual() || manual.contains(stream);
    }
}
