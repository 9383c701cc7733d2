package dev.liveplane.media.protocol.amf0;

import java.time.Instant;

/**
 * Holds an AMF date (AMF0 spec 2.13, AMF3 spec 3.8): milliseconds since the epoch as a double, and AMF0's time zone
 * field, which the spec reserves and writers set to 0.
 */
public record Amf0Date(double epochMillis, short timeZone) {

    public Instant toInstant() {
        return Instant.ofEpochMilli((long) epochMillis);
    }
}
