package dev.liveplane.media.server.stream;

import java.util.concurrent.CompletionStage;

/** Decides whether a viewer may play a stream. May complete on any thread. */
public interface PlayAuthorizer {

    CompletionStage<AuthDecision> authorizePlay(StreamRequest request);
}
