package dev.liveplane.controlplane;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Time as the database keeps it (milliseconds) and as the API shows it (UTC offsets). */
public final class Times {

    private Times() {
    }

    /** Now, to the millisecond, so that what a create answers equals what later reads answer. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
