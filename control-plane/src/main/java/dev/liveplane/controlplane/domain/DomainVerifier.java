package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.dns.DnsLookupException;
import dev.liveplane.controlplane.dns.DomainCheck;
import dev.liveplane.controlplane.dns.DomainChecker;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a domain's ownership TXT record and CNAME with real DNS lookups and records the outcome: the first time
 * both pass the domain becomes ACTIVE; every check updates its CNAME status and when it was last checked.
 */
@Singleton
final class DomainVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(DomainVerifier.class);

    private final DomainChecker checker;
    private final DomainRepository domains;
    private final ConfigVersion configVersion;
    private final TransactionOperations<Connection> transactions;

    DomainVerifier(DomainChecker checker, DomainRepository domains, ConfigVersion configVersion,
            TransactionOperations<Connection> transactions) {
        this.checker = checker;
        this.domains = domains;
        this.configVersion = configVersion;
        this.transactions = transactions;
    }

    /** A check and the domain as it stands after it. */
    record Outcome(DomainCheck check, DomainRow domain) {
    }

    /** Checks now; 503 {@code dns-unavailable} when the resolver does not answer. */
    Outcome verify(DomainRow row) {
        DomainCheck check;
        try {
            check = checker.check(row.name(), PlatformNames.challenge(row.name()), row.challengeToken(), row.cname());
        } catch (DnsLookupException e) {
            LOG.warn("dns check failed tenant={} domain={} error={}", row.tenantId(), row.name(), e.getMessage());
            throw new ProblemException(ProblemType.DNS_UNAVAILABLE, "The DNS lookups for " + row.name()
                    + " got no answer, so nothing was decided; try again in a minute");
        }
        Instant now = Times.now();
        transactions.executeWrite(status -> {
            domains.recordCheck(row.id(), cnameStatus(check.cname()).name(), now, check.verified() ? now : null);
            if (check.verified() && row.verifiedAt() == null) {
                // Becoming ACTIVE puts the domain in the nodes' snapshot.
                configVersion.bump(ConfigChange.domain(row.id(), row.name()));
            }
            return null;
        });
        DomainRow checked = domains.findById(row.id()).orElseThrow(() -> ProblemException.notFound("Domain "
                + row.name()));
        LOG.info("domain checked tenant={} domain={} ownership={} cname={} active={}", row.tenantId(), row.name(),
                check.ownership(), check.cname(), checked.verifiedAt() != null);
        return new Outcome(check, checked);
    }

    static CnameState cnameStatus(DomainCheck.Cname cname) {
        return switch (cname) {
            case OK -> CnameState.CNAME_OK;
            case CNAME_MISSING -> CnameState.CNAME_MISSING;
            case CNAME_ELSEWHERE -> CnameState.CNAME_ELSEWHERE;
        };
    }

    /** What the tenant should do next, in one or two sentences. */
    static String advice(DomainRow row, DomainCheck check) {
        if (check.verified()) {
            return row.name() + " is verified: the TXT record proves it is yours and it points at " + row.cname()
                    + ".";
        }
        String challenge = PlatformNames.challenge(row.name());
        StringBuilder advice = new StringBuilder();
        switch (check.ownership()) {
            case TXT_MISSING -> advice.append("Add a TXT record ").append(challenge).append(" with the value ")
                    .append(row.challengeToken()).append(". ");
            case TXT_WRONG -> advice.append("The TXT record ").append(challenge).append(" does not hold ")
                    .append(row.challengeToken()).append("; set it to that value. ");
            case OK -> { }
        }
        switch (check.cname()) {
            case CNAME_MISSING -> advice.append("Add a CNAME record ").append(row.name()).append(" pointing at ")
                    .append(row.cname()).append(". ");
            case CNAME_ELSEWHERE -> advice.append(row.name()).append(" points elsewhere; change its CNAME to ")
                    .append(row.cname()).append(". ");
            case OK -> { }
        }
        return advice.append("DNS changes can take a few minutes to show; verify again then.").toString();
    }
}
