package dev.liveplane.controlplane.callback;

import dev.liveplane.api.webhook.WebhookSignature;
import dev.liveplane.controlplane.Times;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due webhook deliveries: one thread looks for due rows (every poll interval, and at once when this instance
 * enqueues), claims each with a conditional update, and POSTs it signed with the domain's secret, at most
 * {@code max-in-flight} at a time; each answer marks the row delivered, due again later, or failed for good.
 */
@Singleton
final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;
    static final String USER_AGENT = "Liveplane-Webhooks/1";

    private final DeliveryRepository deliveries;
    private final CallbackSecrets secrets;
    private final DeliveryAlarm alarm;
    private final CallbacksConfiguration config;
    private final RetrySchedule retries;
    private final Semaphore slots;
    // Prepares sends and records outcomes: blocking reads, writes and DNS lookups, off the loop and the HTTP threads.
    private final ExecutorService workers = Executors.newFixedThreadPool(2, daemon("webhook-worker"));
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("webhook-http"));
    private final HttpClient http;
    private volatile boolean running;
    private Thread loop;

    WebhookDispatcher(DeliveryRepository deliveries, CallbackSecrets secrets, DeliveryAlarm alarm,
            CallbacksConfiguration config) {
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.alarm = alarm;
        this.config = config;
        this.retries = new RetrySchedule(config.retryBase());
        this.slots = new Semaphore(config.maxInFlight());
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpThreads)
                .build();
    }

    @EventListener
    void start(StartupEvent event) {
        if (!config.dispatcherEnabled() || running) {
            return;
        }
        running = true;
        loop = daemon("webhook-dispatcher").newThread(this::run);
        loop.start();
        LOG.info("webhook dispatcher started maxInFlight={} pollInterval={}", config.maxInFlight(),
                config.pollInterval());
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (loop != null) {
            loop.interrupt();
            loop.join(5_000);
        }
        // In-flight sends are abandoned; their claims lapse and another instance (or the next start) retries them.
        workers.shutdownNow();
        httpThreads.shutdownNow();
    }

    private void run() {
        while (running) {
            try {
                if (dispatchDue() == 0) {
                    alarm.await(config.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database is down or the pool exhausted: keep the thread, try again after a poll interval.
                LOG.warn("webhook dispatch failed error={}", e.toString());
                try {
                    alarm.await(config.pollInterval());
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims and starts as many due deliveries as there are free slots; answers how many it started. */
    private int dispatchDue() throws InterruptedException {
        int free = slots.availablePermits();
        if (free == 0) {
            // Every slot busy: the caller waits until one finishes (its outcome rings the alarm) rather than spin.
            return 0;
        }
        Instant now = Times.now();
        List<String> due = deliveries.findDue(now, free);
        int started = 0;
        for (String id : due) {
            if (deliveries.claim(id, now, now.plus(config.claimLease())) == 1) {
                slots.acquire();
                started++;
                workers.execute(() -> send(id));
            }
        }
        return started;
    }

    /** Reads, signs and sends one claimed delivery; runs on a worker, since the reads and a DNS lookup block. */
    private void send(String id) {
        Outgoing delivery;
        String secret;
        String target;
        try {
            delivery = deliveries.findOutgoing(id).orElseThrow();
            if (delivery.secretSealed() == null) {
                deliveries.markFailed(id, DeliveryRow.FAILED, delivery.attempts(), null,
                        "webhooks were removed from the domain before this delivery was sent", null);
                release();
                return;
            }
            secret = secrets.open(delivery.callbackDomainId(), delivery.secretSealed());
            // The domain's current URL, whole: the row keeps only its masked form (a retry follows a changed URL).
            target = secrets.openUrl(delivery.callbackDomainId(), delivery.urlSealed());
        } catch (RuntimeException e) {
            // The claim lapses and the delivery is tried again.
            LOG.warn("webhook not sent delivery={} error={}", id, e.toString());
            release();
            return;
        }
        HttpRequest request;
        try {
            URI url = URI.create(target);
            if (!config.allowPrivateAddresses()) {
                // Checked at every send: the name may point somewhere else since the URL was set.
                Optional<String> refusal = TargetAddresses.resolvedRefusal(url.getHost());
                if (refusal.isPresent()) {
                    record(delivery, null, new IllegalArgumentException("refused: the receiver's host "
                            + refusal.get()));
                    return;
                }
            }
            long t = Instant.now().getEpochSecond();
            byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
            request = HttpRequest.newBuilder(url)
                    .timeout(config.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret, t, body))
                    .header("Liveplane-Delivery", delivery.id())
                    .header("Liveplane-Event", delivery.event())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException badUrl) {
            record(delivery, null, badUrl);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenCompleteAsync((response, failure) -> record(delivery, response, failure), workers);
    }

    private void record(Outgoing delivery, HttpResponse<Void> response, Throwable failure) {
        try {
            int attempts = delivery.attempts() + 1;
            if (failure == null && response.statusCode() / 100 == 2) {
                deliveries.markDelivered(delivery.id(), attempts, response.statusCode(), Times.now());
                LOG.info("webhook delivered delivery={} domain={} event={} status={} attempts={}", delivery.id(),
                        delivery.domain(), delivery.event(), response.statusCode(), attempts);
                return;
            }
            Integer statusCode = failure == null ? response.statusCode() : null;
            String error = failure == null ? "the receiver answered " + statusCode : describe(failure);
            boolean last = attempts >= config.maxAttempts();
            deliveries.markFailed(delivery.id(), last ? DeliveryRow.FAILED : DeliveryRow.PENDING, attempts, statusCode,
                    error, last ? null : Times.now().plus(retries.after(attempts)));
            LOG.info("webhook attempt failed delivery={} domain={} event={} attempts={} gaveUp={} error={}",
                    delivery.id(), delivery.domain(), delivery.event(), attempts, last, error);
        } catch (RuntimeException e) {
            // The claim lapses and the delivery is tried again; at-least-once, never lost.
            LOG.warn("webhook outcome not recorded delivery={} error={}", delivery.id(), e.toString());
        } finally {
            release();
        }
    }

    /** Frees the delivery's slot and has the loop look again, for the next due delivery or a retry. */
    private void release() {
        slots.release();
        alarm.ring();
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
