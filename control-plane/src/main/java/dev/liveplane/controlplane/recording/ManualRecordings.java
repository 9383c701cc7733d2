package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.IntegrityViolations;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops recording streams whose rule's policy is manual. A start or stop that changes something bumps the
 * config version in its transaction, so the publishing node starts or closes a file within its long poll.
 */
@Singleton
final class ManualRecordings {

    private static final Logger LOG = LoggerFactory.getLogger(ManualRecordings.class);

    private final DomainService domains;
    private final RecordingRules rules;
    private final ManualRecordingRepository manual;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    ManualRecordings(DomainService domains, RecordingRules rules, ManualRecordingRepository manual,
            ConfigVersion configVersion, TransactionOperations<Connection> transactions) {
        this.domains = domains;
        this.rules = rules;
        this.manual = manual;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    /** A stream recorded by hand, with the name of its domain. */
    record Started(String domain, ManualRecordingRow row) {
    }

    /** Starts recording the stream; starting one already started answers when it was started. */
    Started start(String tenantId, String domainName, String app, String stream) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        RecordingRuleRow rule = rules.governing(domain.id(), app, stream).orElse(null);
        if (rule == null || !rule.enabled() || !RecordingRuleRow.MANUAL.equals(rule.policy())) {
            String followed = rule == null ? "no rule covers it" : "it follows the rule " + rule.app() + "/"
                    + rule.stream() + (rule.enabled() ? " (policy " + rule.policy() + ")" : " (disabled)");
            throw new ProblemException(ProblemType.NO_MANUAL_RULE, "No enabled rule with policy manual covers "
                    + app + "/" + stream + " of " + domain.name() + ": " + followed + "; PUT one with "
                    + "policy manual first");
        }
        ManualRecordingRow row = manual.find(domain.id(), app, stream).orElse(null);
        if (row == null) {
            ManualRecordingRow fresh = new ManualRecordingRow(Ids.next(), tenantId, domain.id(), app, stream,
                    Times.now());
            try {
                row = transactions.executeWrite(status -> {
                    ManualRecordingRow saved = manual.save(fresh);
                    configVersion.bump(ConfigChange.recording());
                    return saved;
                });
                LOG.info("manual recording started tenant={} domain={} app={} stream={}", tenantId, domain.name(),
                        app, stream);
            } catch (RuntimeException e) {
                if (!IntegrityViolations.is(e)) {
                    throw e;
                }
                // Started at the same moment by another call: that start stands.
                row = manual.find(domain.id(), app, stream).orElseThrow(() -> e);
            }
        }
        return new Started(domain.name(), row);
    }

    /** Stops recording the stream; stopping one that is not recorded is no error. */
    void stop(String tenantId, String domainName, String app, String stream) {
        TenantDomain domain = domains.pushDomain(tenantId, domainName);
        int stopped = transactions.executeWrite(status ->
            configVersion.bumpIfChanged(manual.delete(domain.id(), app, stream),
                ConfigChange.recording()));
        LOG.info("manual recording stopped tenant={} domain={} app={} stream={} wasRecording={}", tenantId,
                domain.name(), app, stream, stopped > 0);
    }
}
