package dev.liveplane.controlplane.callback;

import io.micronaut.core.annotation.Nullable;
import java.util.List;

/** What a tenant sets on a push domain's webhooks; no events means all, no secret keeps (or makes) one. */
record WebhookSettingsUpdate(String url, @Nullable List<String> events, @Nullable String secret,
        boolean rotateSecret) {
}
