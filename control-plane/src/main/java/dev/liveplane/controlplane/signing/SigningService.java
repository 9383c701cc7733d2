package dev.liveplane.controlplane.signing;

import dev.liveplane.api.signing.JwtPublicKey;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.domain.DomainNames;
import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import dev.liveplane.controlplane.config.ConfigChange;
import dev.liveplane.controlplane.config.ConfigVersion;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows and changes a domain's signing settings: scheme, validity period, primary and secondary keys (rotation
 * makes a new primary and keeps the old one as secondary), and the JWT public keys of offline-signed tokens.
 */
@Singleton
final class SigningService {

    private static final Logger LOG = LoggerFactory.getLogger(SigningService.class);
    /** The longest kid the API takes (the spec's limit on {@code kid} in paths). */
    static final int MAX_KID_LENGTH = 128;

    private final DomainService domains;
    private final SigningRepository settings;
    private final JwtKeyRepository jwtKeys;
    private final SigningKeys keys;
    private final TransactionOperations<Connection> transactions;
    private final ConfigVersion configVersion;

    SigningService(DomainService domains, SigningRepository settings, JwtKeyRepository jwtKeys, SigningKeys keys,
            TransactionOperations<Connection> transactions, ConfigVersion configVersion) {
        this.domains = domains;
        this.settings = settings;
        this.jwtKeys = jwtKeys;
        this.keys = keys;
        this.transactions = transactions;
        this.configVersion = configVersion;
    }

    /** The settings of the tenant's domain; 404 when the domain is not the tenant's. */
    SigningSettings get(String tenantId, String name) {
        TenantDomain domain = domains.domain(tenantId, name);
        SigningRow row = settings.findById(domain.id()).orElseThrow();
        return open(row, jwtKeys.findByDomainIdOrderByCreatedAt(domain.id()));
    }

    /** What minting needs: the domain's name, whether it takes pushes, and its settings without JWT keys. */
    record Mintable(String domain, boolean push, SigningSettings settings) {
    }

    /** One query for the busiest route; 404 when the domain is not the tenant's. */
    Mintable forMinting(String tenantId, String name) {
        MintingRow row = settings.findForMinting(tenantId, DomainNames.lookupName(name))
                .orElseThrow(() -> ProblemException.notFound("Domain " + name));
        return new Mintable(row.name(), TenantDomain.PUSH.equals(row.type()), new SigningSettings(
                SigningScheme.valueOf(row.scheme()), row.validitySeconds(), keys.open(row.domainId(),
                row.primaryKeySealed()), keys.open(row.domainId(), row.secondaryKeySealed()), List.of()));
    }

    SigningSettings update(String tenantId, String name, @Nullable SigningScheme scheme, @Nullable Long validity,
            @Nullable String primaryKey, @Nullable String secondaryKey) {
        return change(tenantId, name, row -> {
            SigningScheme newScheme = scheme == null ? SigningScheme.valueOf(row.scheme()) : scheme;
            if (newScheme == SigningScheme.JWT && jwtKeys.findByDomainIdOrderByCreatedAt(row.domainId()).isEmpty()) {
                throw new ProblemException(ProblemType.JWT_KEYS_REQUIRED, "Register a JWT public key "
                        + "(POST .../auth/jwt-keys) before switching the domain to the JWT scheme");
            }
            return new SigningRow(row.domainId(), newScheme.name(),
                    validity == null ? row.validitySeconds() : validity,
                    primaryKey == null ? row.primaryKeySealed() : keys.seal(row.domainId(), primaryKey),
                    secondaryKey == null ? row.secondaryKeySealed() : keys.seal(row.domainId(), secondaryKey));
        });
    }

    SigningSettings rotate(String tenantId, String name) {
        return change(tenantId, name, row -> new SigningRow(row.domainId(), row.scheme(), row.validitySeconds(),
                keys.seal(row.domainId(), SigningKeys.newKey()), row.primaryKeySealed()));
    }

    SigningSettings addJwtKey(String tenantId, String name, String jwk) {
        JwtPublicKey key;
        try {
            key = JwtPublicKey.parse(jwk);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(ProblemType.INVALID_JWK, "jwk", e.getMessage());
        }
        if (key.keyId().length() > MAX_KID_LENGTH) {
            // The kid is stored (domain_jwt_keys.kid) and named in DELETE .../jwt-keys/{kid}, both 128 at most.
            throw ProblemException.invalidField(ProblemType.INVALID_JWK, "jwk",
                    "the kid is longer than " + MAX_KID_LENGTH + " characters");
        }
        try {
            return change(tenantId, name, row -> {
                List<JwtKeyRow> existing = jwtKeys.findByDomainIdOrderByCreatedAt(row.domainId());
                if (existing.stream().anyMatch(k -> k.kid().equals(key.keyId()))) {
                    throw jwtKeyExists(key.keyId());
                }
                if (existing.size() >= SigningPolicy.MAX_JWT_KEYS) {
                    throw new ProblemException(ProblemType.JWT_KEY_LIMIT, "A domain holds at most "
                            + SigningPolicy.MAX_JWT_KEYS + " JWT keys; remove one first");
                }
                jwtKeys.save(new JwtKeyRow(Ids.next(), row.domainId(), key.keyId(), key.toJson(), Times.now()));
                return row;
            });
        } catch (RuntimeException e) {
            if (IntegrityViolations.is(e)) {
                throw jwtKeyExists(key.keyId());
            }
            throw e;
        }
    }

    void removeJwtKey(String tenantId, String name, String kid) {
        change(tenantId, name, row -> {
            List<JwtKeyRow> existing = jwtKeys.findByDomainIdOrderByCreatedAt(row.domainId());
            if (existing.stream().noneMatch(k -> k.kid().equals(kid))) {
                throw ProblemException.notFound("JWT key " + kid);
            }
            if (SigningScheme.JWT.name().equals(row.scheme()) && existing.size() == 1) {
                throw new ProblemException(ProblemType.JWT_KEY_IN_USE, "This is the domain's only JWT key and it "
                        + "signs with the JWT scheme; add another key or change the scheme first");
            }
            jwtKeys.deleteByDomainIdAndKid(row.domainId(), kid);
            return row;
        });
    }

    /** Applies {@code change} to the domain's locked settings row and answers the settings after it. */
    private SigningSettings change(String tenantId, String name, UnaryOperator<SigningRow> change) {
        TenantDomain domain = domains.domain(tenantId, name);
        SigningSettings after = transactions.executeWrite(status -> {
            SigningRow before = settings.findForUpdate(domain.id()).orElseThrow();
            SigningRow changed = change.apply(before);
            if (!changed.equals(before)) {
                settings.update(changed);
            }
            // Keys and JWT keys are what nodes verify signatures with: they must see every change.
            configVersion.bump(ConfigChange.domain(domain.id(), domain.name()));
            return open(changed, jwtKeys.findByDomainIdOrderByCreatedAt(changed.domainId()));
        });
        LOG.info("signing settings changed domain={} scheme={} validitySeconds={}", domain.name(), after.scheme(),
                after.validitySeconds());
        return after;
    }

    private SigningSettings open(SigningRow row, List<JwtKeyRow> jwtKeyRows) {
        return new SigningSettings(SigningScheme.valueOf(row.scheme()), row.validitySeconds(),
                keys.open(row.domainId(), row.primaryKeySealed()), keys.open(row.domainId(), row.secondaryKeySealed()),
                jwtKeyRows);
    }

    private static ProblemException jwtKeyExists(String kid) {
        return ProblemException.invalidField(ProblemType.JWT_KEY_EXISTS, "jwk",
                "the domain already has a key with kid " + kid + "; remove it first or use another kid");
    }
}
