package dev.liveplane.controlplane.callback;

import io.micronaut.serde.annotation.Serdeable;

/** The JSON a webhook POSTs: the delivery's id (also in {@code Liveplane-Delivery}), its event type, when it was made. */
@Serdeable
record WebhookBody(String id, String type, String createdAt, WebhookPayload data) {
}
