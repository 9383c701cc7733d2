package dev.liveplane.controlplane.tenant;

import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.Ids;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.RateLimits;
import dev.liveplane.controlplane.web.Slice;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Signs tenants up, logs their users in, and looks tenants up for the rest of the service. */
@Singleton
public final class TenantService {

    private static final Logger LOG = LoggerFactory.getLogger(TenantService.class);
    private static final int SLUG_ATTEMPTS = 5;

    private final TenantRepository tenants;
    private final UserRepository users;
    private final PasswordHasher passwords;
    private final SessionTokens sessions;
    private final RateLimits rateLimits;
    private final LoginThrottle loginThrottle;
    private final TransactionOperations<Connection> transactions;

    TenantService(TenantRepository tenants, UserRepository users, PasswordHasher passwords, SessionTokens sessions,
            RateLimits rateLimits, LoginThrottle loginThrottle, TransactionOperations<Connection> transactions) {
        this.tenants = tenants;
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.rateLimits = rateLimits;
        this.loginThrottle = loginThrottle;
        this.transactions = transactions;
    }

    /** A new session for a request that just proved who it is. */
    record Session(String token, String tenantId) {
        @Override
        public String toString() {
            return "Session[tenantId=" + tenantId + "]";
        }
    }

    /** A user who just proved who they are (signed up, or gave the right password). */
    public record User(String tenantId, String userId, String email) {
    }

    /** Creates a tenant and its first user in one transaction, and logs the user in. */
    Session signUp(String email, String password, String tenantName, String clientAddress) {
        User user = register(email, password, tenantName, clientAddress);
        return new Session(sessions.issue(user.tenantId(), user.userId()), user.tenantId());
    }

    /** Checks an email and password and logs the user in: a session token. */
    Session logIn(String email, String password, String clientAddress) {
        User user = checkPassword(email, password, clientAddress);
        return new Session(sessions.issue(user.tenantId(), user.userId()), user.tenantId());
    }

    /**
     * Creates a tenant and its first user in one transaction (the web console signs up through this and opens its
     * own kind of session).
     */
    public User register(String email, String password, String tenantName, String clientAddress) {
        rateLimits.signupsPerAddress().acquire(clientAddress);
        String normalized = normalize(email);
        if (tenantName.isBlank()) {
            throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "tenantName", "must not be blank");
        }
        if (users.existsByEmail(normalized)) {
            throw emailTaken();
        }
        // Hashing is slow on purpose: do it before the transaction opens, not while it holds locks.
        String hash = passwords.hash(password);
        Instant now = Times.now();
        String userId = Ids.next();
        TenantRow tenant;
        try {
            tenant = transactions.executeWrite(status -> {
                TenantRow row = tenants.save(new TenantRow(Ids.next(), tenantName, freeSlug(tenantName), now));
                users.save(new UserRow(userId, row.id(), normalized, hash, now));
                return row;
            });
        } catch (RuntimeException e) {
            if (IntegrityViolations.is(e) && users.existsByEmail(normalized)) {
                throw emailTaken();
            }
            throw e;
        }
        LOG.info("tenant signed up tenant={} slug={}", tenant.id(), tenant.slug());
        return new User(tenant.id(), userId, normalized);
    }

    /**
     * The user an email and password belong to; the same refusal whether the email is unknown or the password wrong,
     * and failures count against the email and the address.
     */
    public User checkPassword(String email, String password, String clientAddress) {
        String normalized = normalize(email);
        loginThrottle.beforeCheck(normalized, clientAddress);
        Optional<UserRow> user = users.findByEmail(normalized);
        boolean matches;
        if (user.isPresent()) {
            matches = passwords.matches(password, user.get().passwordHash());
        } else {
            passwords.matchNothing(password);
            matches = false;
        }
        if (!matches) {
            loginThrottle.failed(normalized, clientAddress);
            LOG.info("log-in refused address={}", clientAddress);
            throw new ProblemException(ProblemType.UNAUTHORIZED, "Wrong email or password");
        }
        return new User(user.get().tenantId(), user.get().id(), normalized);
    }

    /** The slug that names the tenant inside the platform zone's host names. */
    public String slug(String tenantId) {
        return tenants.findById(tenantId).orElseThrow().slug();
    }

    /** The tenant's name, as it signed up. */
    public String name(String tenantId) {
        return tenants.findById(tenantId).orElseThrow().name();
    }

    /** Whether a tenant with this id exists (the operator's routes about one tenant answer 404 otherwise). */
    public boolean exists(String tenantId) {
        return tenants.existsById(tenantId);
    }

    /** All tenants, oldest first (ids sort by creation time). */
    public Slice<TenantSummary> list(int size, String afterId) {
        return Slice.of(tenants.findPage(afterId, size + 1), size, TenantRow::id)
                .map(row -> new TenantSummary(row.id(), row.name(), row.createdAt()));
    }

    private String freeSlug(String tenantName) {
        String base = Slugs.of(tenantName);
        String slug = base;
        for (int attempt = 0; attempt < SLUG_ATTEMPTS && tenants.existsBySlug(slug); attempt++) {
            slug = Slugs.withSuffix(base);
        }
        return slug;
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static ProblemException emailTaken() {
        return ProblemException.invalidField(ProblemType.EMAIL_TAKEN, "email",
                "already has an account; log in instead");
    }
}
