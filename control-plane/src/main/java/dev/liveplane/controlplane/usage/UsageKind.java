package dev.liveplane.controlplane.usage;

import java.util.Locale;

/**
 * What a record's bytes are, as the node protocol names them (the column value is the lower-case name): viewer
 * egress (billed), relay to another node (never billed) or ingest from the publisher.
 */
public enum UsageKind {
    RTMP(true), HTTP_FLV(true), HLS(true), RELAY(false), INGEST(false);

    private final boolean billed;

    UsageKind(boolean billed) {
        this.billed = billed;
    }

    /** Whether the tenant pays for these bytes: bytes written to its viewers. */
    public boolean billed() {
        return billed;
    }

    /** The name in the node protocol and in the usage tables. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
