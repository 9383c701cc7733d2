package dev.liveplane.controlplane.callback;

import dev.liveplane.controlplane.IntegrityViolations;
import dev.liveplane.controlplane.Times;
import dev.liveplane.controlplane.domain.DomainService;
import dev.liveplane.controlplane.domain.TenantDomain;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows, sets and removes a push domain's webhook settings. The secret is created on the first set unless the
 * tenant gives one, kept by later sets unless rotated or replaced, and stored sealed; it is never logged. The URL is
 * stored sealed too, and shown with its credentials masked.
 */
@Singleton
final class CallbackSettings {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSettings.class);

    private final DomainService domains;
    private final CallbackRepository callbacks;
    private final CallbackSecrets secrets;
    private final TransactionOperations<Connection> transactions;
    private final boolean allowPrivateAddresses;

    CallbackSettings(DomainService domains, CallbackRepository callbacks, CallbackSecrets secrets,
            TransactionOperations<Connection> transactions, CallbacksConfiguration config) {
        this.domains = domains;
        this.callbacks = callbacks;
        this.secrets = secrets;
        this.transactions = transactions;
        this.allowPrivateAddresses = config.allowPrivateAddresses();
    }

    /** The push domain's settings, or empty when it has none (the domain itself must be the tenant's push domain). */
    Optional<WebhookSettings> find(String tenantId, String name) {
        TenantDomain domain = domains.pushDomain(tenantId, name);
        return callbacks.findById(domain.id()).map(row -> toApi(row, secrets.open(row.domainId(), row.secretSealed())));
    }

    WebhookSettings set(String tenantId, String name, WebhookSettingsUpdate update) {
        TenantDomain domain = domains.pushDomain(tenantId, name);
        String url = CallbackUrls.check(update.url(), allowPrivateAddresses);
        List<String> events = CallbackEvents.orAll(update.events());
        try {
            return write(domain, url, events, update);
        } catch (RuntimeException e) {
            if (!IntegrityViolations.is(e)) {
                throw e;
            }
            // Two first PUTs raced and the other inserted first: this one now updates its row.
            return write(domain, url, events, update);
        }
    }

    private WebhookSettings write(TenantDomain domain, String url, List<String> events,
            WebhookSettingsUpdate update) {
        WebhookSettings result = transactions.executeWrite(status -> {
            Optional<CallbackRow> existing = callbacks.findById(domain.id());
            boolean rotate = update.rotateSecret() || existing.isEmpty();
            String secret = update.secret() != null ? update.secret()
                    : rotate ? CallbackSecrets.newSecret()
                    : secrets.open(domain.id(), existing.get().secretSealed());
            String sealed = update.secret() == null && !rotate ? existing.get().secretSealed()
                    : secrets.seal(domain.id(), secret);
            CallbackRow row = new CallbackRow(domain.id(), CallbackUrls.display(url), CallbackEvents.join(events),
                    sealed, Times.now(), secrets.sealUrl(domain.id(), url));
            if (existing.isPresent()) {
                callbacks.update(row);
            } else {
                callbacks.save(row);
            }
            return toApi(row, secret);
        });
        LOG.info("webhooks set domain={} events={} secretChanged={}", domain.name(), CallbackEvents.join(events),
                update.secret() != null || update.rotateSecret());
        return result;
    }

    void delete(String tenantId, String name) {
        TenantDomain domain = domains.pushDomain(tenantId, name);
        callbacks.deleteById(domain.id());
        LOG.info("webhooks removed domain={}", domain.name());
    }

    private static WebhookSettings toApi(CallbackRow row, String secret) {
        return new WebhookSettings(row.url(), CallbackEvents.split(row.events()), secret);
    }
}
