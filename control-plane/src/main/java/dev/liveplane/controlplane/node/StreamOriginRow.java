package dev.liveplane.controlplane.node;

import io.micronaut.core.annotation.Introspected;

/** Where a live stream is published: its node and how other nodes reach it. */
@Introspected
record StreamOriginRow(String id, String address, int rtmpPort, int httpPort) {
}
