package dev.liveplane.media.server.stream;

import java.util.concurrent.CompletionStage;

/** Decides whether a publisher may push a stream. May complete on any thread. */
public interface PublishAuthorizer {

    CompletionStage<AuthDecision> authorizePublish(StreamRequest request);
}
