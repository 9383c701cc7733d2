package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.OperatorApi;
import dev.liveplane.sdk.generated.model.Tenant;
import dev.liveplane.sdk.generated.model.TenantPage;

/** The platform operator's routes ({@code /admin/v1}); they need the operator credential as the access token. */
public final class Operator {

    private final OperatorApi api;
    private final RetryingCaller caller;

    Operator(OperatorApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /** Every tenant, fetched page by page as they are iterated. */
    public PagedIterable<Tenant> listTenants() {
        return new PagedIterable<>(token -> {
            TenantPage page = caller.idempotent("listTenants", () -> api.listTenants(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }
}
