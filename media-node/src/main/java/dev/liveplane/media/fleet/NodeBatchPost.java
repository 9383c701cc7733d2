package dev.liveplane.media.fleet;

import dev.liveplane.api.node.model.RejectedStreamEvent;
import dev.liveplane.media.fleet.spool.Answer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one spooled batch (stream events, usage records) as this node and reads the answer into what the reporter
 * does next, the same for every kind the node reports: 202 recorded (with the items it set aside by their place in
 * the batch), 400/413/422 refused whole (the reporter splits it down to the item at fault), 401/403 a credential to
 * renew, 410 the node deleted, the rest (and no answer) retried.
 */
final class NodeBatchPost {

    private static final Logger log = LoggerFactory.getLogger(NodeBatchPost.class);

    /** A 2xx body's set-aside list, by the answer type of the kind; throws when the body is not that type. */
    interface Rejections {
        List<RejectedStreamEvent> read(String body) throws Exception;
    }

    private final String kind;
    private final BiFunction<NodeIdentity, String, CompletableFuture<HttpResponse<String>>> call;
    private final Rejections rejections;
    private final Registration registration;
    private final Consumer<String> deleted;
    private final Executor agent;
    private NodeIdentity ready;

    NodeBatchPost(String kind, BiFunction<NodeIdentity, String, CompletableFuture<HttpResponse<String>>> call,
            Rejections rejections, Registration registration, Consumer<String> deleted, Executor agent) {
        this.kind = kind;
        this.call = call;
        this.rejections = rejections;
        this.registration = registration;
        this.deleted = deleted;
        this.agent = agent;
    }

    /** Whether the node is registered (registering it if it can), so a batch can go out now. */
    boolean ready() {
        ready = registration.identityOrRegister();
        return ready != null;
    }

    /** Posts {@code body}, a batch of {@code size} items, as the identity {@link #ready()} found. */
    CompletableFuture<Answer> post(String body, int size) {
        NodeIdentity used = ready;
        // Answered on the agent's thread: a 401 or a 410 changes the registration, which is that thread's.
        return call.apply(used, body).handleAsync((response, error) -> error != null
                ? new Answer.Retry("control plane unreachable: " + AgentLoop.rootMessage(error))
                : answer(used, response, size), agent);
    }

    private Answer answer(NodeIdentity used, HttpResponse<String> response, int size) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return new Answer.Accepted(setAside(response.body(), size));
        }
        if (status == 410) {
            deleted.accept(used.nodeId());
            return new Answer.Stop();
        }
        if (status == 401 || status == 403) {
            registration.credentialRejected(used, status);
            return new Answer.Retry(null);
        }
        if (status == 400 || status == 413 || status == 422) {
            return new Answer.Refused("HTTP " + status + ": " + response.body());
        }
        return new Answer.Retry(kind + ": HTTP " + status);
    }

    /** The items a 2xx names as set aside, by their place in the batch. */
    private Map<Integer, String> setAside(String body, int size) {
        List<RejectedStreamEvent> rejected;
        try {
            rejected = rejections.read(body);
        } catch (Exception e) {
            // An answer the spec does not describe cannot name what it set aside; the batch was recorded (2xx).
            log.warn("event=batch_answer_unreadable kind={} batch={} reason=\"{}\"", kind, size, e.getMessage());
            return Map.of();
        }
        Map<Integer, String> byIndex = new LinkedHashMap<>();
        if (rejected != null) {
            for (RejectedStreamEvent item : rejected) {
                if (item.getIndex() != null && item.getIndex() >= 0 && item.getIndex() < size) {
                    byIndex.put(item.getIndex(), item.getReason() == null ? "" : item.getReason());
                }
            }
        }
        return byIndex;
    }
}
