package dev.liveplane.media.auth;

import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.media.server.stream.DomainOwner;
import java.util.Objects;

/**
 * One domain as the node enforces it: a push domain authorizes publishes, a pull domain authorizes plays of the
 * streams of the push domain it is bound to; {@code verifier} holds its signing policy. A disabled domain refuses
 * everything; its referer and IP rules narrow who may use it; {@code tenantId} (null on a standalone node) ties it to
 * a tenant that may be suspended; {@code id} (null on a standalone node) is the control plane's id for this
 * registration of the name, new whenever the name is registered again.
 */
public record DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier, String tenantId,
        boolean enabled, RefererRules referers, IpRules addresses, String id) {

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

    /** A domain without a control-plane id. */
    public DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier, String tenantId,
            boolean enabled, RefererRules referers, IpRules addresses) {
        this(name, type, pushDomain, verifier, tenantId, enabled, referers, addresses, null);
    }

    /** An enabled domain without tenant or access rules, as the standalone domains file has them. */
    public DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier) {
        this(name, type, pushDomain, verifier, null, true, RefererRules.NONE, IpRules.NONE);
    }

    /** This registration of the domain: what a stream published under it is tied to. */
    public DomainOwner owner() {
        return new DomainOwner(id, tenantId);
    }
}
