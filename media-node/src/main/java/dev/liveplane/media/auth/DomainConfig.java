package dev.liveplane.media.auth;

import dev.liveplane.api.signing.UrlVerifier;
import java.util.Objects;

/**
 * One domain as the node enforces it: a push domain authorizes publishes, a pull domain authorizes plays of the
 * streams of the push domain it is bound to; {@code verifier} holds its signing policy. A disabled domain refuses
 * everything; its referer and IP rules narrow who may use it; {@code tenantId} (null on a standalone node) ties it to
 * a tenant that may be suspended.
 */
public record DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier, String tenantId,
        boolean enabled, RefererRules referers, IpRules addresses) {

    /** Whether encoders push to the domain or players play from it. */
    public enum Type { PUSH, PULL }

    public DomainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(referers, "referers");
        Objects.requireNonNull(addresses, "addresses");
        if ((type == Type.PULL) != (pushDomain != null)) {
            throw new IllegalArgumentException(type == Type.PULL
                    ? "pull domain " + name + " must name the push domain it plays"
                    : "push domain " + name + " cannot be bound to another push domain");
        }
    }

    /** An enabled domain without tenant or access rules, as the standalone domains file has them. */
    public DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier) {
        this(name, type, pushDomain, verifier, null, true, RefererRules.NONE, IpRules.NONE);
    }
}
