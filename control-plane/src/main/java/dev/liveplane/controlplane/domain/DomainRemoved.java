package dev.liveplane.controlplane.domain;

/**
 * Published inside the transaction that removes a domain, before its row (and the webhook settings that go with
 * it) is deleted, so listeners can end what ran under it: its streams end with {@code reason}.
 */
public record DomainRemoved(String tenantId, String domainId, String name, boolean push, String reason) {

    /** The tenant deleted it, or its unverified claim lapsed or yielded to a DNS proof. */
    public static final String DELETED = "domain_deleted";
}
