package dev.liveplane.controlplane.callback;

import java.util.List;

/** A push domain's webhook settings as its tenant sees them: the masked URL, the events and the secret. */
record WebhookSettings(String url, List<String> events, String secret) {
}
