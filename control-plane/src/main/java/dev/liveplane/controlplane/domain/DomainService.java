package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.dns.DnsProvider;
import dev.liveplane.controlplane.dns.DnsProviderException;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.signing.SigningKeys;
import dev.liveplane.controlplane.tenant.TenantService;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds, lists, changes and removes a tenant's domains, keeping each one's platform CNAME record in step.
 *
 * <p>Every change the media nodes enforce bumps the config version in its own transaction, so nodes long-polling
 * the snapshot see it.
 *
 * <p>A name another tenant holds is taken only as {@link NameClaims} allows: its claim lapsed, or the tenant proved
 * the name in DNS. Deleting a domain ends its streams ({@link DomainRemoval}).
 *
 * <p>Creating and deleting change rows and DNS together. The DNS call comes last inside the transaction, so a
 * provider failure throws before the commit and the rows roll back: a domain never exists without its record.
 */
@Singleton
public final class DomainService {

    private static final Logger LOG = LoggerFactory.getLogger(DomainService.class);

    private final DomainRepository domains;
    private final TenantService tenants;
    private final SigningKeys signingKeys;
    private final DnsProvider dns;
    private final TransactionOperations<Connection> transactions;
    private final ConfigVersion configVersion;
    private final String zone;
    private final NameClaims claims;
    private final ReservedNames reservedNames;
    private final ChallengeTokens challengeTokens;
    private final DomainRemoval removal;

    DomainService(DomainRepository domains, TenantService tenants, SigningKeys signingKeys, DnsProvider dns,
            TransactionOperations<Connection> transactions, ConfigVersion configVersion,
            @Value("${liveplane.platform-zone}") String zone, NameClaims claims, ReservedNames reservedNames,
            ChallengeTokens challengeTokens, DomainRemoval removal) {
        this.claims = claims;
        this.reservedNames = reservedNames;
        this.challengeTokens = challengeTokens;
        this.removal = removal;
        this.domains = domains;
        this.tenants = tenants;
        this.signingKeys = signingKeys;
        this.dns = dns;
        this.transactions = transactions;
        this.configVersion = configVersion;
        this.zone = zone;
    }

    DomainRow create(String tenantId, String rawName, String type, @Nullable String rawPushDomain) {
        String name = DomainNames.normalize(rawName, "name", zone);
        reservedNames.check(name);
        Optional<DomainRow> displaced = claims.displaced(tenantId, name);
        String pushDomain = pushDomainOf(tenantId, type, rawPushDomain);
        String slug = tenants.slug(tenantId);
        String cname = PlatformNames.cnameTarget(name, slug, zone);
        if (cname.length() > DomainNames.MAX_LENGTH) {
            throw ProblemException.invalidField(ProblemType.INVALID_DOMAIN_NAME, "name", "is too long: its CNAME "
                    + "target " + cname + " would pass the 253-character limit of DNS names");
        }
        // The same token for the same tenant and name, so a tenant can publish it before the name is free.
        DomainRow row = new DomainRow(Ids.next(), tenantId, name, type, pushDomain, true, cname,
                CnameState.PENDING.name(), challengeTokens.of(tenantId, name), List.of(), List.of(), List.of(),
                List.of(), Times.now(), null, null);
        try {
            transactions.executeWrite(status -> {
                displaced.ifPresent(holder -> claims.take(tenantId, holder));
                domains.save(row);
                signingKeys.initialize(row.id());
                configVersion.bump(ConfigChange.domain(row.id(), row.name()));
                dns.upsertCname(cname, PlatformNames.edge(zone));
                return row;
            });
        } catch (DnsProviderException e) {
            LOG.warn("domain not created, dns provider failed domain={} error={}", name, e.getMessage());
            throw dnsUnavailable();
        } catch (RuntimeException e) {
            if (IntegrityViolations.is(e)) {
                // Lost a race: the name was taken meanwhile, or the push domain deleted.
                if (domains.existsByName(name)) {
                    throw claims.proofRequired(tenantId, name);
                }
                throw ProblemException.invalidField(ProblemType.INVALID_PUSH_DOMAIN, "pushDomain",
                        "is not one of your push domains");
            }
            throw e;
        }
        LOG.info("domain created domain={} type={}", name, type);
        return row;
    }

    Slice<DomainRow> list(String tenantId, @Nullable String type, int size, String afterName) {
        return Slice.of(domains.findPage(tenantId, type, afterName, size + 1), size, DomainRow::name);
    }

    /** The tenant's domain of that name; 404 when it is another tenant's or nobody's. */
    public TenantDomain domain(String tenantId, String name) {
        return TenantDomain.of(get(tenantId, name));
    }

    /** The tenant's push domain of that name, as {@link #getPush} finds it. */
    public TenantDomain pushDomain(String tenantId, String name) {
        return TenantDomain.of(getPush(tenantId, name));
    }

    DomainRow get(String tenantId, String name) {
        return find(tenantId, name).orElseThrow(() -> ProblemException.notFound("Domain " + name));
    }

    /**
     * The tenant's push domain of that name: 404 when it is another tenant's or nobody's, 422 when it is a pull
     * domain (streams are published, forbidden and reported under their push domain).
     */
    DomainRow getPush(String tenantId, String name) {
        DomainRow row = get(tenantId, name);
        if (!row.isPush()) {
            throw new ProblemException(ProblemType.NOT_A_PUSH_DOMAIN, name + " is a pull domain; use its push domain "
                    + row.pushDomain() + ", under which its streams are published");
        }
        return row;
    }

    private Optional<DomainRow> find(String tenantId, String name) {
        return domains.findByTenantIdAndName(tenantId, DomainNames.lookupName(name));
    }

    DomainRow update(String tenantId, String name, DomainSettings update) {
        DomainRow row = get(tenantId, name);
        AccessLists lists = new AccessLists();
        List<String> refererAllow = update.refererAllow() == null ? row.refererAllow()
                : lists.referers("refererAllow", update.refererAllow());
        List<String> refererDeny = update.refererDeny() == null ? row.refererDeny()
                : lists.referers("refererDeny", update.refererDeny());
        List<String> ipAllow = update.ipAllow() == null ? row.ipAllow()
                : lists.cidrs("ipAllow", update.ipAllow());
        List<String> ipDeny = update.ipDeny() == null ? row.ipDeny() : lists.cidrs("ipDeny", update.ipDeny());
        lists.check();
        DomainRow updated = row.withLists(refererAllow, refererDeny, ipAllow, ipDeny);
        if (update.enabled() != null) {
            updated = updated.withEnabled(update.enabled());
        }
        DomainRow changed = updated;
        transactions.executeWrite(status -> {
            domains.updateSettings(changed.id(), changed.enabled(), LinesConverter.join(changed.refererAllow()),
                    LinesConverter.join(changed.refererDeny()), LinesConverter.join(changed.ipAllow()),
                    LinesConverter.join(changed.ipDeny()));
            configVersion.bump(ConfigChange.domain(changed.id(), changed.name()));
            return null;
        });
        LOG.info("domain updated domain={} enabled={}", row.name(), updated.enabled());
        return updated;
    }

    void delete(String tenantId, String name) {
        DomainRow row = get(tenantId, name);
        try {
            transactions.executeWrite(status -> {
                if (row.isPush() && domains.existsByPushDomain(row.name())) {
                    throw domainInUse(row.name());
                }
                removal.remove(row);
                return null;
            });
        } catch (DnsProviderException e) {
            LOG.warn("domain not deleted, dns provider failed domain={} error={}", row.name(), e.getMessage());
            throw dnsUnavailable();
        } catch (RuntimeException e) {
            // A pull domain bound to this one between the check and the delete: its foreign key stops the delete.
            if (IntegrityViolations.is(e)) {
                throw domainInUse(row.name());
            }
            throw e;
        }
        LOG.info("domain deleted tenant={} domain={}", tenantId, row.name());
    }

    private String pushDomainOf(String tenantId, String type, @Nullable String rawPushDomain) {
        if (DomainRow.PUSH.equals(type)) {
            if (rawPushDomain != null) {
                throw ProblemException.invalidField(ProblemType.INVALID_PUSH_DOMAIN, "pushDomain",
                        "only pull domains name a push domain");
            }
            return null;
        }
        if (rawPushDomain == null || rawPushDomain.isBlank()) {
            throw ProblemException.invalidField(ProblemType.INVALID_PUSH_DOMAIN, "pushDomain",
                    "a pull domain needs the push domain whose streams it plays");
        }
        return find(tenantId, rawPushDomain).filter(DomainRow::isPush).map(DomainRow::name)
                .orElseThrow(() -> ProblemException.invalidField(ProblemType.INVALID_PUSH_DOMAIN, "pushDomain",
                        "is not one of your push domains"));
    }

    private static ProblemException domainInUse(String name) {
        return new ProblemException(ProblemType.DOMAIN_IN_USE, "Pull domains still play " + name
                + "; delete them first");
    }

    private static ProblemException dnsUnavailable() {
        return new ProblemException(ProblemType.PLATFORM_DNS_UNAVAILABLE,
                "The platform's DNS provider did not take the change, so nothing was changed; try again");
    }
}
