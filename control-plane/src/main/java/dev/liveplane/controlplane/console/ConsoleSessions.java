package dev.liveplane.controlplane.console;

import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.secret.PrefixedSecret;
import dev.liveplane.controlplane.web.Caller;
import dev.liveplane.controlplane.web.CookieCredentials;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens, finds and ends console sessions, and proves the callers of cookie-authenticated requests. A session's
 * cookie reads {@code lpc_{id}_{secret}}; only the SHA-256 of the secret is stored, and ending a session deletes its
 * row, so a copy of the cookie stops working on every instance at once.
 */
@Singleton
final class ConsoleSessions implements CookieCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessions.class);
    private static final String PREFIX = "lpc";
    private static final String NO_TENANT = "-";

    private final ConsoleSessionRepository sessions;
    private final ConsoleConfiguration configuration;
    private final CsrfTokens csrf;
    private final SessionCookie cookie;

    ConsoleSessions(ConsoleSessionRepository sessions, ConsoleConfiguration configuration, CsrfTokens csrf,
            SessionCookie cookie) {
        this.sessions = sessions;
        this.configuration = configuration;
        this.csrf = csrf;
        this.cookie = cookie;
    }

    /** A new session and the cookie value that carries it, which exists only in this answer. */
    record Opened(ConsoleSessionRow row, String cookieValue) {
        @Override
        public String toString() {
            return "Opened[" + row + "]";
        }
    }

    Opened openForTenant(String tenantId, String email) {
        return open(ConsoleSessionRow.TENANT, tenantId, email);
    }

    Opened openForOperator() {
        return open(ConsoleSessionRow.OPERATOR, null, null);
    }

    /** The live session a cookie value names: its secret matches and it has not ended. */
    Optional<ConsoleSessionRow> find(String cookieValue) {
        Optional<PrefixedSecret> credential = PrefixedSecret.parse(PREFIX, cookieValue);
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        return sessions.findById(credential.get().id())
                .filter(row -> credential.get().matches(row.secretHash()))
                .filter(row -> row.expiresAt().isAfter(Times.now()));
    }

    void end(ConsoleSessionRow row) {
        sessions.deleteById(row.id());
        LOG.info("console session ended consoleSession={} role={}", row.id(), row.role());
    }

    String csrfToken(ConsoleSessionRow row) {
        return csrf.forSession(row.id());
    }

    @Override
    public Optional<String> sessionCookie(HttpRequest<?> request) {
        return cookie.of(request);
    }

    @Override
    public Optional<CookieSession> authenticate(String cookieValue) {
        return find(cookieValue).map(row -> new CookieSession(caller(row), csrfToken(row)));
    }

    private static Caller caller(ConsoleSessionRow row) {
        return ConsoleSessionRow.OPERATOR.equals(row.role()) ? new Caller(Caller.Kind.OPERATOR, NO_TENANT)
                : new Caller(Caller.Kind.SESSION, row.tenantId());
    }

    private Opened open(String role, @Nullable String tenantId, @Nullable String email) {
        Instant now = Times.now();
        sessions.deleteEndedBefore(now);
        PrefixedSecret credential = PrefixedSecret.generate(PREFIX, Ids.next());
        ConsoleSessionRow row = sessions.save(new ConsoleSessionRow(credential.id(), credential.secretHash(), role,
                tenantId, email, now, now.plus(configuration.sessionLifetime())));
        LOG.info("console session opened consoleSession={} role={}", row.id(), role);
        return new Opened(row, credential.text());
    }
}
