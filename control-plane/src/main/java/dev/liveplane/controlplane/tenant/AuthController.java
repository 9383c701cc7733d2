package dev.liveplane.controlplane.tenant;

import dev.liveplane.controlplane.web.ClientAddress;
import dev.liveplane.controlplane.web.api.AuthApi;
import dev.liveplane.controlplane.web.model.LoginRequest;
import dev.liveplane.controlplane.web.model.Session;
import dev.liveplane.controlplane.web.model.SessionTokenType;
import dev.liveplane.controlplane.web.model.SignUpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Serves sign-up and log-in ({@code /v1/auth}), the only routes that need no credential. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class AuthController implements AuthApi {

    private final TenantService tenants;

    AuthController(TenantService tenants) {
        this.tenants = tenants;
    }

    @Override
    public HttpResponse<Session> signUp(SignUpRequest request) {
        TenantService.Session session = tenants.signUp(request.getEmail(), request.getPassword(),
                request.getTenantName(), ClientAddress.current());
        return HttpResponse.created(toApi(session));
    }

    @Override
    public Session logIn(LoginRequest request) {
        return toApi(tenants.logIn(request.getEmail(), request.getPassword(), ClientAddress.current()));
    }

    private static Session toApi(TenantService.Session session) {
        return new Session(session.token(), SessionTokenType.BEARER, SessionTokens.LIFETIME.toSeconds(),
                session.tenantId());
    }
}
