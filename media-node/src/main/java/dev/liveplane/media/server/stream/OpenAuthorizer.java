package dev.liveplane.media.server.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Allows every publish and play of the stream as addressed: the node's behaviour while no domains are configured. */
public final class OpenAuthorizer implements PublishAuthorizer, PlayAuthorizer {

    @Override
    public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
        return CompletableFuture.completedFuture(AuthDecision.allow(request.key()));
    }

    @Override
    public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
        return CompletableFuture.completedFuture(AuthDecision.allow(request.key()));
    }
}
