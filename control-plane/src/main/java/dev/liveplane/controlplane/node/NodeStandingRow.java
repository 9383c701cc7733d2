package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** A node's id and when the operator deleted it, if they did. */
@Introspected
record NodeStandingRow(String id, @Nullable Instant revokedAt) {
}
