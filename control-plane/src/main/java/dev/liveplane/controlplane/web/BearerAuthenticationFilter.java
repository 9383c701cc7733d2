package dev.liveplane.controlplane.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request into {@code /v1} only with a tenant's credential (session token or API key) and into
 * {@code /admin/v1} only with the operator's, each either as {@code Authorization: Bearer} or as the web console's
 * session cookie; a cookie-authenticated POST, PUT, PATCH or DELETE must also carry the session's
 * {@code X-CSRF-Token} ({@link CsrfHeader}), since a browser sends the cookie with requests other sites make.
 * Sign-up and log-in ({@code /v1/auth/**}, the console's session routes included) need none, nor do the recording
 * playlists a player opens (a GET of exactly {@code /v1/recordings/{id}/playlist.m3u8} or
 * {@code /v1/recording-sessions/{id}/playlist.m3u8}), whose URLs carry a signature their route checks. Invalid
 * credentials count against the client address, whose invalid credentials are then refused with 429 for a while;
 * its valid ones still pass.
 */
@ServerFilter({"/v1/**", "/admin/v1/**"})
final class BearerAuthenticationFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(BearerAuthenticationFilter.class);
    private static final String PUBLIC_PREFIX = "/v1/auth/";
    private static final String OPERATOR_PREFIX = "/admin/";
    private static final Pattern SIGNED_PLAYLIST = Pattern.compile(
            "/v1/(recordings|recording-sessions)/[A-Za-z0-9_-]{1,64}/playlist\\.m3u8");

    private final List<BearerCredentials> credentials;
    private final CookieCredentials cookies;
    private final RateLimits rateLimits;

    BearerAuthenticationFilter(List<BearerCredentials> credentials, CookieCredentials cookies,
            RateLimits rateLimits) {
        this.credentials = credentials;
        this.cookies = cookies;
        this.rateLimits = rateLimits;
    }

    // Blocking: an API key is checked against the database.
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void authenticate(HttpRequest<?> request, MutablePropagatedContext context) {
        if (request.getPath().startsWith(PUBLIC_PREFIX) || (request.getMethod() == HttpMethod.GET
                && SIGNED_PLAYLIST.matcher(request.getPath()).matches())) {
            return;
        }
        String address = ClientAddress.of(request);
        Optional<String> token = BearerToken.of(request);
        Caller caller;
        if (token.isPresent()) {
            caller = credentials.stream().map(c -> c.authenticate(token.get())).flatMap(Optional::stream)
                    .findFirst().orElse(null);
        } else {
            // No bearer header: the console's cookie, if the browser sent one. A bearer header wins over a cookie, so
            // a program's request never depends on what a browser holds.
            String cookie = cookies.sessionCookie(request).orElseThrow(() -> new ProblemException(
                    ProblemType.UNAUTHORIZED, "Send Authorization: Bearer <session token or API key>"));
            CookieCredentials.CookieSession session = cookies.authenticate(cookie).orElse(null);
            caller = session == null ? null : session.caller();
            if (session != null) {
                CsrfHeader.require(request, session.csrfToken());
            }
        }
        if (caller == null) {
            // Only failures are limited, after the check: a valid credential is never refused because others sent
            // bad ones from the same address (a shared NAT). Checking is cheap (an HMAC, a lookup by primary key).
            rateLimits.failedCredentials().acquire(address);
            LOG.info("credential refused address={} path={}", address, request.getPath());
            throw new ProblemException(ProblemType.UNAUTHORIZED,
                    "The credential is not valid (expired session, revoked or mistyped API key)");
        }
        boolean operatorRoute = request.getPath().startsWith(OPERATOR_PREFIX);
        if (operatorRoute && caller.kind() != Caller.Kind.OPERATOR) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Operator routes need the operator credential");
        }
        if (!operatorRoute && !caller.isTenant()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Tenant routes need a tenant's session or API key");
        }
        CurrentCaller.set(request, caller);
        LogContext.put(context, "tenantId", caller.tenantId());
    }


    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
