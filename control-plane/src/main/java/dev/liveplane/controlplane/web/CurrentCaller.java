package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The tenant the current request acts for, as {@link BearerAuthenticationFilter} established it. The generated
 * API interfaces fix the controllers' signatures, so controllers ask this bean instead of taking a parameter.
 */
@Singleton
public final class CurrentCaller {

    private static final String ATTRIBUTE = "liveplane.caller";

    /** The calling tenant's id; the authentication filter has already refused anyone else. */
    public String tenantId() {
        return ServerRequestContext.currentRequest().flatMap(CurrentCaller::of).filter(Caller::isTenant)
                .map(Caller::tenantId)
                .orElseThrow(() -> new IllegalStateException("no tenant caller on this request"));
    }

    static Optional<Caller> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, Caller.class);
    }

    static void set(HttpRequest<?> request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }
}
