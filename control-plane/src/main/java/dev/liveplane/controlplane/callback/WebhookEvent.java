package dev.liveplane.controlplane.callback;

/**
 * A stream event a tenant's webhooks may want, as the part that recorded it hands it over: whose domain it happened
 * on and what the body's {@code data} says. {@code type} is a webhook event name ({@code publish}, {@code unpublish}).
 */
public record WebhookEvent(String tenantId, String domainId, String type, WebhookData data) {
}
