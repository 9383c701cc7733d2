package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists, replaces and deletes a push domain's recording rules. Each change bumps the config version in its
 * transaction, so nodes fetch the new rules within their long poll; rules need the deployment's storage.
 */
@Singleton
final class RecordingRules {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingRules.class);
    // The names stream URLs take ('*' aside, which means any).
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.~-]+");

    private final DomainService domains;
    private final RecordingRuleRepository rules;
    private final ObjectStore store;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    RecordingRules(DomainService domains, RecordingRuleRepository rules, ObjectStore store,
            ConfigVersion configVersion, TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.rules = rules;
        this.store = store;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    /** A rule with the name of the domain it belongs to. */
    record Rule(String domain, RecordingRuleRow row) {
    }

    List<Rule> list(String tenantId, String domainName) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        return rules.findByDomain(domain.id()).stream().map(row -> new Rule(domain.name(), row)).toList();
    }

    Rule put(String tenantId, String domainName, String app, String stream, RuleSettings sent) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        if (!store.configured()) {
            throw new ProblemException(ProblemType.RECORDING_UNAVAILABLE, "This deployment has no recording "
                    + "storage (liveplane.recording.storage), so nothing can be recorded; ask the platform operator");
        }
        checkScope(app, stream);
        RuleSettings settings = sent.withDefaults();
        KeyTemplates.check(settings.keyTemplate());
        Instant now = Times.now();
        RecordingRuleRow saved = transactions.executeWrite(status -> {
            rules.upsert(Ids.next(), tenantId, domain.id(), app, stream, settings.enabled(), settings.policy(),
                    String.join(",", settings.formats()), settings.cycleSeconds(), settings.hlsSegmentSeconds(),
                    settings.keyTemplate(), settings.reconnectWindowSeconds(), settings.thumbnailIntervalSeconds(),
                    now);
            configVersion.bump(ConfigChange.recording());
            return rules.find(domain.id(), app, stream).orElseThrow();
        });
        LOG.info("recording rule set tenant={} domain={} app={} stream={} enabled={} policy={} formats={}", tenantId,
                domain.name(), app, stream, saved.enabled(), saved.policy(), saved.formats());
        return new Rule(domain.name(), saved);
    }

    void delete(String tenantId, String domainName, String app, String stream) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        int deleted = transactions.executeWrite(status ->
            configVersion.bumpIfChanged(rules.delete(domain.id(), app, stream),
                ConfigChange.recording()));
        if (deleted == 0) {
            throw ProblemException.notFound("Recording rule " + app + "/" + stream + " of " + domain.name());
        }
        LOG.info("recording rule deleted tenant={} domain={} app={} stream={}", tenantId, domain.name(), app, stream);
    }

    /** The rule {@code app}/{@code stream} follows: the most specific one that covers it, enabled or not. */
    Optional<RecordingRuleRow> governing(String domainId, String app, String stream) {
        return rules.findByDomain(domainId).stream().filter(r -> r.covers(app, stream))
                .max(Comparator.comparingInt(RecordingRuleRow::specificity));
    }

    private static void checkScope(String app, String stream) {
        checkName("app", app);
        checkName("stream", stream);
        if (RecordingRuleRow.ANY.equals(app) && !RecordingRuleRow.ANY.equals(stream)) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "stream", "a rule for one stream "
                    + "needs its app: with app '*' the stream must be '*' too");
        }
    }

    private static void checkName(String field, String name) {
        if (!RecordingRuleRow.ANY.equals(name) && (!NAME.matcher(name).matches() || name.equals(".")
                || name.equals(".."))) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, field, "must be '*' or a name of "
                    + "letters, digits and _ . ~ - (not '.' or '..')");
        }
    }
}
