package dev.liveplane.controlplane.domain;

/** A tenant's domain as other features see it: its id, its stored (lower-case) name and whether it is a push one. */
public record TenantDomain(String id, String name, boolean push) {

    /** The {@code domains.type} of a push domain, for features that read the type in their own queries. */
    public static final String PUSH = DomainRow.PUSH;

    static TenantDomain of(DomainRow row) {
        return new TenantDomain(row.id(), row.name(), row.isPush());
    }
}
