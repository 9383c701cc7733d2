package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.CurrentCaller;
import dev.liveplane.controlplane.web.Idempotency;
import dev.liveplane.controlplane.web.PageToken;
import dev.liveplane.controlplane.web.Slice;
import dev.liveplane.controlplane.web.api.DomainsApi;
import dev.liveplane.controlplane.web.model.CnameCheck;
import dev.liveplane.controlplane.web.model.CnameStatus;
import dev.liveplane.controlplane.web.model.Domain;
import dev.liveplane.controlplane.web.model.DomainPage;
import dev.liveplane.controlplane.web.model.DomainRequest;
import dev.liveplane.controlplane.web.model.DomainStatus;
import dev.liveplane.controlplane.web.model.DomainType;
import dev.liveplane.controlplane.web.model.DomainUpdate;
import dev.liveplane.controlplane.web.model.DomainVerification;
import dev.liveplane.controlplane.web.model.Ownership;
import dev.liveplane.controlplane.web.model.OwnershipCheck;
import dev.liveplane.controlplane.web.model.OwnershipRecordType;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves {@code /v1/domains}: push and pull domains, their ownership and CNAME checks. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class DomainController implements DomainsApi {

    private final DomainService domains;
    private final DomainVerifier verifier;
    private final CurrentCaller caller;
    private final Idempotency idempotency;

    DomainController(DomainService domains, DomainVerifier verifier, CurrentCaller caller, Idempotency idempotency) {
        this.domains = domains;
        this.verifier = verifier;
        this.caller = caller;
        this.idempotency = idempotency;
    }

    @Override
    public HttpResponse<Domain> createDomain(DomainRequest request, String idempotencyKey) {
        String tenantId = caller.tenantId();
        return idempotency.create(tenantId, idempotencyKey, "POST /v1/domains", request, Domain.class, () -> {
            DomainRow row = domains.create(tenantId, request.getName(), request.getType().getValue(),
                    request.getPushDomain());
            return HttpResponse.created(toApi(row)).header(HttpHeaders.LOCATION, "/v1/domains/" + row.name());
        });
    }

    @Override
    public DomainPage listDomains(DomainType type, Integer pageSize, String pageToken) {
        Slice<Domain> page = domains.list(caller.tenantId(), type == null ? null : type.getValue(),
                PageToken.size(pageSize), PageToken.decode(pageToken)).map(DomainController::toApi);
        return new DomainPage(page.items()).nextPageToken(page.nextPageToken());
    }

    @Override
    public Domain getDomain(String name) {
        return toApi(domains.get(caller.tenantId(), name));
    }

    @Override
    public Domain updateDomain(String name, DomainUpdate update) {
        return toApi(domains.update(caller.tenantId(), name, new DomainSettings(update.getEnabled(),
                update.getRefererAllow(), update.getRefererDeny(), update.getIpAllow(), update.getIpDeny())));
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> deleteDomain(String name) {
        domains.delete(caller.tenantId(), name);
        return HttpResponse.noContent();
    }

    @Override
    public DomainVerification verifyDomain(String name) {
        DomainVerifier.Outcome outcome = verifier.verify(domains.get(caller.tenantId(), name));
        return new DomainVerification(outcome.check().verified(),
                OwnershipCheck.fromValue(outcome.check().ownership().name()),
                CnameCheck.fromValue(outcome.check().cname().name()),
                DomainVerifier.advice(outcome.domain(), outcome.check()),
                toApi(outcome.domain()))
                .found(outcome.check().found());
    }

    static Domain toApi(DomainRow row) {
        DomainStatus status = !row.enabled() ? DomainStatus.DISABLED
                : row.verifiedAt() != null ? DomainStatus.ACTIVE : DomainStatus.PENDING_VERIFICATION;
        Ownership ownership = new Ownership(PlatformNames.challenge(row.name()), OwnershipRecordType.TXT,
                row.challengeToken());
        return new Domain(row.name(), DomainType.fromValue(row.type()), status, row.enabled(), row.cname(),
                CnameStatus.fromValue(row.cnameStatus()), ownership, row.refererAllow(), row.refererDeny(),
                row.ipAllow(), row.ipDeny(), Times.utc(row.createdAt()))
                .pushDomain(row.pushDomain())
                .verifiedAt(Times.utc(row.verifiedAt()))
                .lastCheckedAt(Times.utc(row.lastCheckedAt()));
    }
}
