package dev.liveplane.media.server.relay;

import dev.liveplane.api.stream.StreamKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a stream key into the other node of the fleet the stream is published on. */
public interface OriginLocator {

    /** Knows no other node: a node on its own. */
    OriginLocator NONE = key -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * The node {@code key} (push domain, app, stream) is published on; empty when it is live nowhere, on this node
     * itself, or when the answer cannot be had. Never blocks; may complete on any thread.
     */
    CompletionStage<Optional<StreamOrigin>> locate(StreamKey key);
}
