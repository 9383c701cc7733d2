package dev.liveplane.controlplane.web;

import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.secret.SecretBox;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.micronaut.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes creates repeatable with an {@code Idempotency-Key}: the first request runs and its response is stored, in
 * the same transaction as what it created; a repeat with the same request gets that response again; a repeat with
 * a different request is refused (422). Keys are per tenant and forgotten after 24 hours.
 */
@Singleton
public class Idempotency {

    private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
    static final Duration RETENTION = Duration.ofHours(24);

    private final IdempotencyRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final SecretBox box;

    Idempotency(IdempotencyRepository repository, TransactionOperations<Connection> transactions, JsonMapper json,
            SecretBox box) {
        this.repository = repository;
        this.transactions = transactions;
        this.json = json;
        this.box = box;
    }

    /**
     * Runs {@code create} once per key. {@code operation} names the route, so one key reused on another route
     * counts as a different request.
     */
    public <T> HttpResponse<T> create(String tenantId, @Nullable String key, String operation, Object request,
            Class<T> type, Supplier<MutableHttpResponse<T>> create) {
        if (key == null) {
            return create.get();
        }
        // Hashed so that keys compare exactly whatever the column's collation, and fit the column at any length.
        String id = tenantId + ":" + sha256(key);
        String hash = sha256(operation + "\n" + write(request));
        try {
            return transactions.executeWrite(status -> replay(id, hash, type).orElseGet(() -> {
                MutableHttpResponse<T> response = create.get();
                repository.save(new IdempotencyRecord(id, hash, response.code(),
                        response.getHeaders().get(HttpHeaders.LOCATION), box.seal(write(response.body()), id),
                        Instant.now()));
                return response;
            }));
        } catch (RuntimeException e) {
            if (!IntegrityViolations.is(e)) {
                throw e;
            }
            // The same key arrived twice at once: the other request committed first, so answer as it did.
            return transactions.executeRead(status -> replay(id, hash, type)).orElseThrow(() -> e);
        }
    }

    private <T> Optional<HttpResponse<T>> replay(String id, String hash, Class<T> type) {
        Optional<IdempotencyRecord> found = repository.findById(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRecord record = found.get();
        if (record.createdAt().isBefore(Instant.now().minus(RETENTION))) {
            repository.delete(record);
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(record.requestHash().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was first used "
                    + "with a different request; use a new key for a new request");
        }
        MutableHttpResponse<T> response = HttpResponse.<T>status(HttpStatus.valueOf(record.status()))
                .body(read(box.open(record.bodySealed(), id), type));
        if (record.location() != null) {
            response.header(HttpHeaders.LOCATION, record.location());
        }
        return Optional.of(response);
    }

    /** Forgets keys older than the retention period. */
    @Scheduled(fixedDelay = "1h", initialDelay = "1m")
    @SchedulerLock(name = "idempotency-key-purge", lockAtLeastFor = "1h", lockAtMostFor = "1h")
    void purge() {
        repository.deleteByCreatedAtLessThan(Instant.now().minus(RETENTION));
        LOG.debug("idempotency keys purged");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
