package dev.liveplane.controlplane.web;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * The page token's key of a list shown newest start first (publish history, recordings): the last row's start and
 * id, so rows that started in the same millisecond still page in a fixed order.
 */
public record NewestFirstCursor(Instant startedAt, String id) {

    /** The key a page token holds; null for the first page; 400 for a token that holds no such key. */
    public static @Nullable NewestFirstCursor decode(@Nullable String token) {
        String key = PageToken.decode(token);
        if (key.isEmpty()) {
            return null;
        }
        String[] parts = key.split("\n", -1);
        try {
            if (parts.length == 2 && !parts[1].isEmpty()) {
                return new NewestFirstCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[1]);
            }
        } catch (NumberFormatException notACursor) {
            // refused below
        }
        throw PageToken.invalid();
    }

    /** The key to hand to {@link Slice#of} for the row a page ends with. */
    public String encode() {
        return startedAt.toEpochMilli() + "\n" + id;
    }
}
