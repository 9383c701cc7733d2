package dev.liveplane.controlplane.operator;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.tenant.TenantService;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.OperatorApi;
import dev.liveplane.controlplane.web.model.Tenant;
import dev.liveplane.controlplane.web.model.TenantPage;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves the operator's {@code /admin/v1} routes. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class OperatorController implements OperatorApi {

    private final TenantService tenants;

    OperatorController(TenantService tenants) {
        this.tenants = tenants;
    }

    @Override
    public TenantPage listTenants(Integer pageSize, String pageToken) {
        Slice<Tenant> page = tenants.list(PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(row -> new Tenant(row.id(), row.name(), Times.utc(row.createdAt())));
        return new TenantPage(page.items()).nextPageToken(page.nextPageToken());
    }
}
