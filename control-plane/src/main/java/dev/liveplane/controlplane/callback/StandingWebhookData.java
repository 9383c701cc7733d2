package dev.liveplane.controlplane.callback;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The {@code data} of a tenant's {@code quota_low}, {@code suspended} and {@code resumed} webhooks: the balance and
 * package bytes left when the standing changed, and when ({@code at}, ISO-8601 UTC).
 */
@Serdeable
public record StandingWebhookData(String tenantId, long balanceMinor, long packageBytesRemaining, String at) {
}
