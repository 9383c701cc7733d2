package dev.liveplane.sdk;

import java.util.UUID;

/** Makes the {@code Idempotency-Key} a create carries through all of its retries. */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String generate() {
        return UUID.randomUUID().toString();
    }
}
