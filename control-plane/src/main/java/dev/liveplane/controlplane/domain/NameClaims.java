package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.dns.DnsLookupException;
import dev.liveplane.controlplane.dns.DomainCheck;
import dev.liveplane.controlplane.dns.DomainChecker;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a tenant's wish for a name into the holder that must give it up, or a refusal. A name is free, or held by
 * the tenant itself (409 {@code domain-taken}), or held by another account: that holder yields when its claim was
 * never verified and either has lapsed or the tenant proves the name in DNS with its own TXT record; otherwise the
 * answer is 409 {@code ownership-proof-required}, worded the same whoever holds it and however, so it reveals only
 * that the name cannot be added without proof.
 */
@Singleton
final class NameClaims {

    private static final Logger LOG = LoggerFactory.getLogger(NameClaims.class);

    private final DomainRepository domains;
    private final DomainChecker checker;
    private final ChallengeTokens tokens;
    private final DomainRemoval removal;
    private final Duration claimTtl;

    NameClaims(DomainRepository domains, DomainChecker checker, ChallengeTokens tokens, DomainRemoval removal,
            DomainClaimsConfiguration config) {
        this.domains = domains;
        this.checker = checker;
        this.tokens = tokens;
        this.removal = removal;
        this.claimTtl = config.unverifiedClaimTtl();
    }

    /**
     * The other tenant's claim that must go for {@code tenantId} to take {@code name}, empty when nobody holds it.
     * Looks DNS up when it must, so call it outside a transaction.
     */
    Optional<DomainRow> displaced(String tenantId, String name) {
        Optional<DomainRow> found = domains.findByName(name);
        if (found.isEmpty()) {
            return found;
        }
        DomainRow holder = found.get();
        if (holder.tenantId().equals(tenantId)) {
            throw ProblemException.invalidField(ProblemType.DOMAIN_TAKEN, "name", name
                    + " is already one of your domains");
        }
        if (lapsed(holder, Times.now())) {
            return found;
        }
        if (!proven(tenantId, name)) {
            throw proofRequired(tenantId, name);
        }
        if (holder.verifiedAt() != null) {
            // Only someone who controls the name's DNS gets this far, so naming the state hides nothing from others.
            throw ProblemException.invalidField(ProblemType.DOMAIN_TAKEN, "name", name + " was verified by another"
                    + " account before your TXT record appeared; if the name is yours now, contact support");
        }
        return found;
    }

    /**
     * Removes {@code holder} in the caller's transaction if it still yields: it may have been verified since
     * {@link #displaced} looked (then 409), or removed already (then nothing is left to do).
     */
    void take(String tenantId, DomainRow holder) {
        boolean[] verifiedMeanwhile = new boolean[1];
        removal.removeIf(holder.id(), row -> {
            verifiedMeanwhile[0] = row.verifiedAt() != null;
            return !verifiedMeanwhile[0];
        });
        if (verifiedMeanwhile[0]) {
            throw proofRequired(tenantId, holder.name());
        }
        LOG.info("domain claim given up holder_tenant={} domain={} taken_by={} why={}", holder.tenantId(),
                holder.name(), tenantId, lapsed(holder, Times.now()) ? "lapsed" : "dns_proof");
    }

    boolean lapsed(DomainRow row, Instant now) {
        return row.verifiedAt() == null && row.createdAt().plus(claimTtl).isBefore(now);
    }

    /** The same refusal whoever holds the name: what the tenant publishes to prove it, nothing about the holder. */
    ProblemException proofRequired(String tenantId, String name) {
        return ProblemException.invalidField(ProblemType.OWNERSHIP_PROOF_REQUIRED, "name", name + " cannot be added"
                + " without proof that it is yours: publish a TXT record " + PlatformNames.challenge(name)
                + " with the value " + tokens.of(tenantId, name) + ", then send this request again");
    }

    private boolean proven(String tenantId, String name) {
        try {
            // Only the TXT record counts here; the CNAME the name will get does not exist yet.
            DomainCheck check = checker.check(name, PlatformNames.challenge(name), tokens.of(tenantId, name), name);
            return check.ownership() == DomainCheck.Ownership.OK;
        } catch (DnsLookupException e) {
            // No answer proves nothing: the caller gets the same refusal, with the record to publish, and retries.
            LOG.warn("ownership proof lookup failed tenant={} domain={} error={}", tenantId, name, e.getMessage());
            return false;
        }
    }
}
