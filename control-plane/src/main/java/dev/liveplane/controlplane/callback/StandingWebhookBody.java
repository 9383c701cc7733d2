package dev.liveplane.controlplane.callback;

import io.micronaut.serde.annotation.Serdeable;

/** The JSON a tenant-wide webhook ({@code quota_low}, {@code suspended}, {@code resumed}) POSTs. */
@Serdeable
record StandingWebhookBody(String id, String type, String createdAt, StandingWebhookData data) {
}
