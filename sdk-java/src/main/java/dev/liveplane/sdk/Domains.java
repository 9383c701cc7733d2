package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.DomainsApi;
import dev.liveplane.sdk.generated.model.Domain;
import dev.liveplane.sdk.generated.model.DomainPage;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.DomainUpdate;
import dev.liveplane.sdk.generated.model.DomainVerification;

/** The tenant's push and pull domains: add, list, show, change, delete, and check ownership and CNAME. */
public final class Domains {

    private final DomainsApi api;
    private final RetryingCaller caller;

    Domains(DomainsApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /**
     * Adds a push domain, or a pull domain bound to {@code pushDomain}. A fresh idempotency key goes with the request
     * and each of its retries, so a retried create never makes a second domain.
     */
    public Domain create(DomainRequest request) {
        return create(request, IdempotencyKeys.generate());
    }

    /** Adds a domain under the caller's idempotency key: repeating it (within 24 h) returns the first result. */
    public Domain create(DomainRequest request, String idempotencyKey) {
        return caller.idempotent("createDomain", () -> api.createDomain(request, idempotencyKey));
    }

    /** All of the tenant's domains, by name, fetched page by page as they are iterated. */
    public PagedIterable<Domain> list() {
        return list(null);
    }

    /** The tenant's push or pull domains. */
    public PagedIterable<Domain> list(DomainType type) {
        return new PagedIterable<>(token -> {
            DomainPage page = caller.idempotent("listDomains",
                    () -> api.listDomains(type, PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    public Domain get(String name) {
        return caller.idempotent("getDomain", () -> api.getDomain(name));
    }

    /** Enables or disables the domain, or replaces its referer and IP lists; fields left null stay as they are. */
    public Domain update(String name, DomainUpdate update) {
        return caller.idempotent("updateDomain", () -> api.updateDomain(name, update));
    }

    /** Deletes the domain and its platform CNAME record; a push domain with pull domains bound to it cannot go. */
    public void delete(String name) {
        caller.idempotent("deleteDomain", () -> api.deleteDomain(name));
    }

    /** Looks up the ownership TXT record and the CNAME now, and says what was found and what to do next. */
    public DomainVerification verify(String name) {
        return caller.idempotent("verifyDomain", () -> api.verifyDomain(name));
    }
}
