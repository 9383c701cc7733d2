package dev.liveplane.controlplane.callback;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores webhook deliveries: the tenant's log, and the dispatcher's queue. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface DeliveryRepository extends GenericRepository<DeliveryRow, String> {

    /** Newest first; the keyset is (createdAt, id), which the tenant index serves. */
    @Query("SELECT * FROM callback_deliveries WHERE tenant_id = :tenantId AND (:domain IS NULL OR domain = :domain)"
            + " AND (created_at < :beforeAt OR (created_at = :beforeAt AND id < :beforeId))"
            + " ORDER BY created_at DESC, id DESC LIMIT :limit")
    List<DeliveryRow> findPage(String tenantId, @Nullable String domain, Instant beforeAt, String beforeId,
            int limit);

    @Query("SELECT id FROM callback_deliveries WHERE status = 'PENDING' AND next_attempt_at <= :now"
            + " ORDER BY next_attempt_at LIMIT :limit")
    List<String> findDue(Instant now, int limit);

    /**
     * Claims a due delivery by moving its due time past the lease: the conditional update succeeds for one
     * instance only, so two instances never send the same delivery at once.
     */
    @Query("UPDATE callback_deliveries SET next_attempt_at = :leaseUntil"
            + " WHERE id = :id AND status = 'PENDING' AND next_attempt_at <= :now")
    int claim(String id, Instant now, Instant leaseUntil);

    @Query("SELECT d.id, d.domain, d.event, d.url, d.body, d.attempts, c.domain_id AS callback_domain_id,"
            + " c.secret_sealed, c.url_sealed FROM callback_deliveries d"
            + " LEFT JOIN domains m ON m.name = d.domain AND m.tenant_id = d.tenant_id"
            + " LEFT JOIN domain_callbacks c ON c.domain_id = m.id WHERE d.id = :id")
    Optional<Outgoing> findOutgoing(String id);

    @Query("UPDATE callback_deliveries SET status = 'DELIVERED', attempts = :attempts, last_status_code = :statusCode,"
            + " last_error = NULL, delivered_at = :at, next_attempt_at = NULL WHERE id = :id")
    void markDelivered(String id, int attempts, int statusCode, Instant at);

    @Query("UPDATE callback_deliveries SET status = :status, attempts = :attempts, last_status_code = :statusCode,"
            + " last_error = :error, next_attempt_at = :nextAttemptAt WHERE id = :id")
    void markFailed(String id, String status, int attempts, @Nullable Integer statusCode, String error,
            @Nullable Instant nextAttemptAt);

    @Query("DELETE FROM callback_deliveries WHERE status <> 'PENDING' AND created_at < :cutoff")
    int deleteFinishedBefore(Instant cutoff);
}
