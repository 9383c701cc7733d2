package dev.liveplane.media.server.relay;

import dev.liveplane.api.stream.StreamKey;

/** Signs this node's pull of a stream from the node it is published on (the origin checks it before serving). */
@FunctionalInterface
public interface RelayTokenIssuer {

    /** A short-lived token admitting a pull of {@code pushStream} (push domain, app, stream). */
    String issue(StreamKey pushStream);
}
