package dev.liveplane.media.server;

import dev.liveplane.media.auth.HlsSessions;
import dev.liveplane.media.auth.RelayTokens;
import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamRequest;
import dev.liveplane.media.server.stream.StreamRequest.DeliveryProtocol;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Turns new publishes and plays away while the node drains, and otherwise asks the real authorizers. HLS requests
 * that carry a session belong to a viewer already watching and go through: running sessions carry on.
 */
public final class DrainGate implements PublishAuthorizer, PlayAuthorizer {

    private final NodeDrain drain;
    private final PublishAuthorizer publish;
    private final PlayAuthorizer play;

    public DrainGate(NodeDrain drain, PublishAuthorizer publish, PlayAuthorizer play) {
        this.drain = drain;
        this.publish = publish;
        this.play = play;
    }

    @Override
    public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
        if (drain.draining()) {
            return CompletableFuture.completedFuture(AuthDecision.unavailable("node is draining"));
        }
        return publish.authorizePublish(request);
    }

    @Override
    public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
        boolean runningHls = request.protocol() == DeliveryProtocol.HLS_SEGMENT
                || request.query().containsKey(HlsSessions.PARAMETER);
        // A relay pull feeds another node's viewers of a publisher that carries on here while the node drains.
        boolean relay = request.query().containsKey(RelayTokens.PARAMETER);
        if (drain.draining() && !runningHls && !relay) {
            return CompletableFuture.completedFuture(AuthDecision.unavailable("node is draining"));
        }
        return play.authorizePlay(request);
    }
}
