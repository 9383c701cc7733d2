package dev.liveplane.controlplane.console;

import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.tenant.TenantService;
import dev.liveplane.controlplane.web.BearerCredentials;
import dev.liveplane.controlplane.web.Caller;
import dev.liveplane.controlplane.web.ClientAddress;
import dev.liveplane.controlplane.web.CsrfHeader;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.RateLimits;
import dev.liveplane.controlplane.web.api.ConsoleApi;
import dev.liveplane.controlplane.web.model.ConsoleLogin;
import dev.liveplane.controlplane.web.model.ConsoleRole;
import dev.liveplane.controlplane.web.model.ConsoleSession;
import dev.liveplane.controlplane.web.model.SignUpRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the web console's session ({@code /v1/auth/console}): log-in (a user's password, or the operator
 * credential) and sign-up answer who is logged in and the CSRF token, and put the session in an HttpOnly cookie only;
 * "who am I" reads the cookie (204: nobody); log-out ends the session everywhere and clears the cookie.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class ConsoleSessionController implements ConsoleApi {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessionController.class);

    private final TenantService tenants;
    private final ConsoleSessions sessions;
    private final SessionCookie cookie;
    private final List<BearerCredentials> credentials;
    private final RateLimits rateLimits;

    ConsoleSessionController(TenantService tenants, ConsoleSessions sessions, SessionCookie cookie,
            List<BearerCredentials> credentials, RateLimits rateLimits) {
        this.tenants = tenants;
        this.sessions = sessions;
        this.cookie = cookie;
        this.credentials = credentials;
        this.rateLimits = rateLimits;
    }

    @Override
    public HttpResponse<ConsoleSession> consoleSignUp(SignUpRequest request) {
        TenantService.User user = tenants.register(request.getEmail(), request.getPassword(), request.getTenantName(),
                ClientAddress.current());
        return opened(HttpStatus.CREATED, sessions.openForTenant(user.tenantId(), user.email()));
    }

    @Override
    public HttpResponse<ConsoleSession> createConsoleSession(ConsoleLogin login) {
        String address = ClientAddress.current();
        if (login.getOperatorToken() != null) {
            if (login.getEmail() != null || login.getPassword() != null) {
                throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "operatorToken",
                        "log in with the operator credential alone, or with an email and password");
            }
            if (!isOperator(login.getOperatorToken())) {
                rateLimits.failedCredentials().acquire(address);
                LOG.info("console operator log-in refused address={}", address);
                throw new ProblemException(ProblemType.UNAUTHORIZED, "That is not the operator credential");
            }
            return opened(HttpStatus.OK, sessions.openForOperator());
        }
        requireEmailAndPassword(login);
        TenantService.User user = tenants.checkPassword(login.getEmail(), login.getPassword(), address);
        return opened(HttpStatus.OK, sessions.openForTenant(user.tenantId(), user.email()));
    }

    @Override
    public HttpResponse<ConsoleSession> getConsoleSession() {
        return session(currentRequest()).map(row -> HttpResponse.ok(toApi(row)))
                .orElseGet(HttpResponse::noContent);
    }

    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_JSON_PROBLEM})
    @Override
    public HttpResponse<Void> deleteConsoleSession(String csrfToken) {
        HttpRequest<?> request = currentRequest();
        Optional<ConsoleSessionRow> session = session(request);
        if (session.isPresent()) {
            // Without the token another site's page could log the user out (a nuisance, but a change all the same).
            CsrfHeader.require(request, sessions.csrfToken(session.get()));
            sessions.end(session.get());
        }
        return HttpResponse.<Void>noContent().cookie(cookie.cleared());
    }

    private HttpResponse<ConsoleSession> opened(HttpStatus status, ConsoleSessions.Opened opened) {
        return HttpResponse.<ConsoleSession>status(status).body(toApi(opened.row()))
                .cookie(cookie.holding(opened.cookieValue()));
    }

    private ConsoleSession toApi(ConsoleSessionRow row) {
        boolean operator = ConsoleSessionRow.OPERATOR.equals(row.role());
        ConsoleSession answer = new ConsoleSession(operator ? ConsoleRole.OPERATOR : ConsoleRole.TENANT,
                sessions.csrfToken(row), Times.utc(row.expiresAt()));
        if (!operator) {
            answer.tenantId(row.tenantId()).tenantName(tenants.name(row.tenantId())).email(row.email());
        }
        return answer;
    }

    private Optional<ConsoleSessionRow> session(HttpRequest<?> request) {
        return cookie.of(request).flatMap(sessions::find);
    }

    private boolean isOperator(String token) {
        return credentials.stream().map(c -> c.authenticate(token)).flatMap(Optional::stream)
                .anyMatch(caller -> caller.kind() == Caller.Kind.OPERATOR);
    }

    private static void requireEmailAndPassword(ConsoleLogin login) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (login.getEmail() == null || login.getEmail().isBlank()) {
            missing.put("email", "must be given (or log in with operatorToken)");
        }
        if (login.getPassword() == null || login.getPassword().isEmpty()) {
            missing.put("password", "must be given (or log in with operatorToken)");
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalidFields("Log in with an email and password, or the operator credential",
                    missing);
        }
    }

    private static HttpRequest<?> currentRequest() {
        return ServerRequestContext.currentRequest()
                .orElseThrow(() -> new IllegalStateException("no request on this thread"));
    }
}
