package dev.liveplane.media.server.stream;

import dev.liveplane.api.stream.StreamKey;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a stream that is live on another node of the fleet into a local {@link LiveStream} fed from that node. */
public interface StreamRelays {

    /** Relays nothing: a node on its own. */
    StreamRelays NONE = (key, owner) -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * The local stream relayed from the node {@code key} (push domain, app, stream) is published on, once the pull
     * is running; empty when no other node has the stream under {@code owner}'s registration of the push domain or
     * the pull could not start in time. Any thread; may complete on any thread.
     */
    CompletionStage<Optional<LiveStream>> relay(StreamKey key, DomainOwner owner);

    /** The stream {@code play} was allowed, relayed under the registration it was allowed under. */
    default CompletionStage<Optional<LiveStream>> relay(AuthDecision play) {
        return relay(play.stream(), play.owner());
    }
}
