package dev.liveplane.controlplane.callback;

/**
 * An event of a domain a tenant's webhooks may want, as the part that recorded it hands it over: whose domain it
 * happened on and what the body's {@code data} says. {@code type} is a webhook event name ({@code publish},
 * {@code unpublish}, {@code record_done}, {@code record_failed}).
 */
public record WebhookEvent(String tenantId, String domainId, String type, WebhookPayload data) {
}
