package dev.liveplane.media.server.usage;

import dev.liveplane.media.server.stream.DomainOwner;

/**
 * Says which registration (id and tenant) a domain name has now: how the meter learns the pull domain a viewer
 * played from, which the authorizer checked but the play's decision does not carry (it names the push domain's).
 */
@FunctionalInterface
public interface UsageDomains {

    /** Knows no domain: nothing is metered on a pull domain. */
    UsageDomains NONE = domain -> null;

    /** The registration of {@code domain}, or null when the node does not know it. */
    DomainOwner owner(String domain);
}
