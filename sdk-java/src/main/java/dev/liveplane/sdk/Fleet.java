package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.api.FleetApi;
import dev.liveplane.sdk.generated.model.Node;
import dev.liveplane.sdk.generated.model.NodePage;
import dev.liveplane.sdk.generated.model.NodeToken;
import dev.liveplane.sdk.generated.model.NodeTokenCreated;
import dev.liveplane.sdk.generated.model.NodeTokenPage;
import dev.liveplane.sdk.generated.model.NodeTokenRequest;
import dev.liveplane.sdk.generated.model.RejectedNodeRecords;

/**
 * The operator's media nodes and the bootstrap tokens they register with ({@code /admin/v1}); these need the operator
 * credential as the access token.
 */
public final class Fleet {

    private final FleetApi api;
    private final RetryingCaller caller;

    Fleet(FleetApi api, RetryingCaller caller) {
        this.api = api;
        this.caller = caller;
    }

    /**
     * Mints a bootstrap token ({@code lpb_...}, for the node's {@code --bootstrap-token}); its {@code token} is in this
     * answer only. A fresh idempotency key goes with the request and each of its retries.
     */
    public NodeTokenCreated createNodeToken(NodeTokenRequest request) {
        return createNodeToken(request, IdempotencyKeys.generate());
    }

    /** Mints a bootstrap token under the caller's idempotency key: repeating it returns the first result. */
    public NodeTokenCreated createNodeToken(NodeTokenRequest request, String idempotencyKey) {
        return caller.idempotent("createNodeToken", () -> api.createNodeToken(request, idempotencyKey));
    }

    /** Every bootstrap token (never its secret), fetched page by page as they are iterated. */
    public PagedIterable<NodeToken> listNodeTokens() {
        return new PagedIterable<>(token -> {
            NodeTokenPage page = caller.idempotent("listNodeTokens",
                    () -> api.listNodeTokens(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    /** Revokes a bootstrap token: no node registers with it again; nodes it registered keep their credentials. */
    public void revokeNodeToken(String id) {
        caller.idempotent("revokeNodeToken", () -> api.revokeNodeToken(id));
    }

    /** Every node with its health and load, by id, fetched page by page as they are iterated. */
    public PagedIterable<Node> listNodes() {
        return new PagedIterable<>(token -> {
            NodePage page = caller.idempotent("listNodes", () -> api.listNodes(PagedIterable.PAGE_SIZE, token));
            return new PagedIterable.Page<>(page.getItems(), page.getNextPageToken());
        });
    }

    public Node getNode(String id) {
        return caller.idempotent("getNode", () -> api.getNode(id));
    }

    /** Revokes the node's credential and takes it out of DNS for good. */
    public void deleteNode(String id) {
        caller.idempotent("deleteNode", () -> api.deleteNode(id));
    }

    /** Takes the node out of DNS and stops it taking new sessions; running ones carry on. */
    public Node drainNode(String id) {
        return caller.idempotent("drainNode", () -> api.drainNode(id));
    }

    /**
     * The node's stream events the control plane set aside (kept 30 days) instead of letting them block its later
     * events: how many, and the newest {@code pageSize} with the reason and the record as sent.
     */
    public RejectedNodeRecords rejectedEvents(String id, int pageSize) {
        return caller.idempotent("listRejectedNodeEvents", () -> api.listRejectedNodeEvents(id, pageSize));
    }

    /** Puts a drained node back into service. */
    public Node undrainNode(String id) {
        return caller.idempotent("undrainNode", () -> api.undrainNode(id));
    }
}
