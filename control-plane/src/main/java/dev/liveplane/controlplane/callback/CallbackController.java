package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.CallbacksApi;
import dev.liveplane.controlplane.web.model.CallbackDelivery;
import dev.liveplane.controlplane.web.model.CallbackDeliveryPage;
import dev.liveplane.controlplane.web.model.CallbackDeliveryStatus;
import dev.liveplane.controlplane.web.model.CallbackEvent;
import dev.liveplane.controlplane.web.model.Callbacks;
import dev.liveplane.controlplane.web.model.CallbacksUpdate;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;

/** Serves {@code /v1/domains/{name}/callbacks} (webhook settings) and {@code /v1/callbacks/deliveries} (their log). */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class CallbackController implements CallbacksApi {

    private final CallbackSettings settings;
    private final DeliveryLog log;
    private final CurrentCaller caller;

    CallbackController(CallbackSettings settings, DeliveryLog log, CurrentCaller caller) {
        this.settings = settings;
        this.log = log;
        this.caller = caller;
    }

    @Override
    public Callbacks getDomainCallbacks(String name) {
        return settings.find(caller.tenantId(), name).map(CallbackController::callbacks)
                .orElseGet(() -> new Callbacks(false, List.of()));
    }

    @Override
    public Callbacks updateDomainCallbacks(String name, CallbacksUpdate update) {
        return callbacks(settings.set(caller.tenantId(), name, new WebhookSettingsUpdate(update.getUrl(),
                update.getEvents() == null ? null : update.getEvents().stream().map(CallbackEvent::getValue).toList(),
                update.getSecret(), Boolean.TRUE.equals(update.getRotateSecret()))));
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> deleteDomainCallbacks(String name) {
        settings.delete(caller.tenantId(), name);
        return HttpResponse.noContent();
    }

    @Override
    public CallbackDeliveryPage listCallbackDeliveries(String domain, Integer pageSize, String pageToken) {
        Slice<CallbackDelivery> page = log.list(caller.tenantId(), domain, PageToken.size(pageSize), pageToken)
                .map(CallbackController::toApi);
        return new CallbackDeliveryPage(page.items()).nextPageToken(page.nextPageToken());
    }

    private static CallbackDelivery toApi(DeliveryRow row) {
        return new CallbackDelivery(row.id(), row.domain(), CallbackEvent.fromValue(row.event()), row.url(),
                CallbackDeliveryStatus.fromValue(row.status()), row.attempts(), Times.utc(row.createdAt()))
                .lastStatusCode(row.lastStatusCode())
                .lastError(row.lastError())
                .deliveredAt(Times.utc(row.deliveredAt()))
                .nextAttemptAt(DeliveryRow.PENDING.equals(row.status()) ? Times.utc(row.nextAttemptAt()) : null)
                .body(row.body());
    }

    private static Callbacks callbacks(WebhookSettings settings) {
        return new Callbacks(true, settings.events().stream().map(CallbackEvent::fromValue).toList())
                .url(settings.url())
                .secret(settings.secret());
    }
}
