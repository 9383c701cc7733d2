package dev.liveplane.media.server.relay;

/** Where a stream is published: the node (api/openapi.yaml, StreamOrigin) and the ports it serves players on. */
public record StreamOrigin(String nodeId, String address, int rtmpPort, int httpPort) {
}
