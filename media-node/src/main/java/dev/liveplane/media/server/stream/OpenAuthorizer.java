package dev.liveplane.media.server.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Allows every publish and play: the node's behaviour while no domains or keys are configured. */
public final class OpenAuthorizer implements PublishAuthorizer, PlayAuthorizer {

    private static final CompletionStage<AuthDecision> ALLOWED = CompletableFuture.completedFuture(AuthDecision.allow());

    @Override
    public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
        return ALLOWED;
    }

    @Override
    public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
        return ALLOWED;
    }
}
