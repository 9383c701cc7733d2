package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Introspected;

/** A node's id and the address its own DNS name points at. */
@Introspected
record NodeNameRow(String id, String address) {
}
