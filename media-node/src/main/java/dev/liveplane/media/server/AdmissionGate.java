package dev.liveplane.media.server;

import dev.liveplane.media.server.stream.AuthDecision;
import dev.liveplane.media.server.stream.PlayAuthorizer;
import dev.liveplane.media.server.stream.PublishAuthorizer;
import dev.liveplane.media.server.stream.StreamRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.IntSupplier;

/**
 * Turns new publishes and plays away while the node drains, and new plays while it holds its maximum of viewers;
 * otherwise asks the real authorizers. HLS requests that carry a session belong to a viewer already watching and go
 * through: running sessions carry on. Relay pulls feed other nodes' viewers and go through too. The handler that
 * took a request says which it is ({@link StreamRequest#kind()}).
 */
public final class AdmissionGate implements PublishAuthorizer, PlayAuthorizer {

    /** The reasons of this gate's refusals, shown to clients as they are. */
    public static final String DRAINING = "draining";
    public static final String FULL = "full";

    private final NodeDrain drain;
    private final IntSupplier viewers;
    private final int maxViewers;
    private final PublishAuthorizer publish;
    private final PlayAuthorizer play;

    /**
     * @param viewers    the node's current RTMP and HTTP-FLV viewers
     * @param maxViewers the most it takes, 0 for no limit
     */
    public AdmissionGate(NodeDrain drain, IntSupplier viewers, int maxViewers, PublishAuthorizer publish,
            PlayAuthorizer play) {
        this.drain = drain;
        this.viewers = viewers;
        this.maxViewers = maxViewers;
        this.publish = publish;
        this.play = play;
    }

    @Override
    public CompletionStage<AuthDecision> authorizePublish(StreamRequest request) {
        if (drain.draining()) {
            return CompletableFuture.completedFuture(AuthDecision.unavailable(DRAINING));
        }
        return publish.authorizePublish(request);
    }

    @Override
    public CompletionStage<AuthDecision> authorizePlay(StreamRequest request) {
        // A relay pull feeds another node's viewers of a publisher that carries on here while the node drains.
        if (request.kind() == StreamRequest.Kind.HLS_SESSION || request.kind() == StreamRequest.Kind.RELAY_PULL) {
            return play.authorizePlay(request);
        }
        if (drain.draining()) {
            return CompletableFuture.completedFuture(AuthDecision.unavailable(DRAINING));
        }
        // Checked, not reserved: concurrent arrivals may pass the limit by a few, which capacity planning tolerates.
        if (maxViewers > 0 && viewers.getAsInt() >= maxViewers) {
            return CompletableFuture.completedFuture(AuthDecision.unavailable(FULL));
        }
        return play.authorizePlay(request);
    }
}
