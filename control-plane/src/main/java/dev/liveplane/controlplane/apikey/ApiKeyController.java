package dev.liveplane.controlplane.apikey;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.Idempotency;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.ApiKeysApi;
import dev.liveplane.controlplane.web.model.ApiKey;
import dev.liveplane.controlplane.web.model.ApiKeyCreated;
import dev.liveplane.controlplane.web.model.ApiKeyPage;
import dev.liveplane.controlplane.web.model.ApiKeyRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves {@code /v1/api-keys}. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ApiKeyController implements ApiKeysApi {

    private final ApiKeyService keys;
    private final CurrentCaller caller;
    private final Idempotency idempotency;

    ApiKeyController(ApiKeyService keys, CurrentCaller caller, Idempotency idempotency) {
        this.keys = keys;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @Override
    public HttpResponse<ApiKeyCreated> createApiKey(ApiKeyRequest request, String idempotencyKey) {
        String tenantId = caller.tenantId();
        return idempotency.create(tenantId, idempotencyKey, "POST /v1/api-keys", request, ApiKeyCreated.class, () -> {
            ApiKeyService.Created created = keys.create(tenantId, request.getName());
            ApiKeyRow row = created.row();
            return HttpResponse.created(new ApiKeyCreated(row.id(), row.name(), Times.utc(row.createdAt()),
                    created.credential())).header(HttpHeaders.LOCATION, "/v1/api-keys/" + row.id());
        });
    }

    @Override
    public ApiKeyPage listApiKeys(Integer pageSize, String pageToken) {
        Slice<ApiKey> page = keys.list(caller.tenantId(), PageToken.size(pageSize), PageToken.decode(pageToken))
                .map(ApiKeyController::toApi);
        return new ApiKeyPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> revokeApiKey(String id) {
        keys.revoke(caller.tenantId(), id);
        return HttpResponse.noContent();
    }

    private static ApiKey toApi(ApiKeyRow row) {
        return new ApiKey(row.id(), row.name(), Times.utc(row.createdAt())).lastUsedAt(Times.utc(row.lastUsedAt()));
    }
}
