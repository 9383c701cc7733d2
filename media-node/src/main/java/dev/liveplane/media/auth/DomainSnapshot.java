package dev.liveplane.media.auth;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The domains a node knows at one moment, by name; immutable, so a new configuration is a new snapshot. */
public record DomainSnapshot(Map<String, DomainConfig> domains) {

    public DomainSnapshot {
        domains = Map.copyOf(domains);
        for (DomainConfig domain : domains.values()) {
            if (domain.type() == DomainConfig.Type.PULL) {
                DomainConfig push = domains.get(domain.pushDomain());
                if (push == null || push.type() != DomainConfig.Type.PUSH) {
                    throw new IllegalArgumentException("pull domain " + domain.name() + " is bound to "
                            + domain.pushDomain() + ", which is not a push domain here");
                }
            }
        }
    }

    public Optional<DomainConfig> find(String name) {
        return Optional.ofNullable(domains.get(name.toLowerCase(Locale.ROOT)));
    }
}
