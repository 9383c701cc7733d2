package dev.liveplane.controlplane.dns;

/** Looks up a tenant's domain in DNS, through the configured resolver, to prove ownership and check its CNAME. */
public interface DomainChecker {

    /**
     * @param domain the tenant's domain, e.g. play.example.com
     * @param challengeName the TXT record name, e.g. _liveplane-challenge.play.example.com
     * @param challengeValue the token the TXT record must hold
     * @param expectedCname the platform host name the domain must be a CNAME of
     * @throws DnsLookupException when the resolver does not answer
     */
    DomainCheck check(String domain, String challengeName, String challengeValue, String expectedCname);
}
