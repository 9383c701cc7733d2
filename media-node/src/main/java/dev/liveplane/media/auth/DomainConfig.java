package dev.liveplane.media.auth;

import dev.liveplane.api.signing.UrlVerifier;
import java.util.Objects;

/**
 * One domain as the node enforces it: a push domain authorizes publishes, a pull domain authorizes plays of the
 * streams of the push domain it is bound to; {@code verifier} holds its signing policy.
 */
public record DomainConfig(String name, Type type, String pushDomain, UrlVerifier verifier) {

    /** Whether encoders push to the domain or players play from it. */
    public enum Type { PUSH, PULL }

    public DomainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(verifier, "verifier");
        if ((type == Type.PULL) != (pushDomain != null)) {
            throw new IllegalArgumentException(type == Type.PULL
                    ? "pull domain " + name + " must name the push domain it plays"
                    : "push domain " + name + " cannot be bound to another push domain");
        }
    }
}
