package dev.liveplane.controlplane.node;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

/**
 * What {@link NodeAuthenticationFilter} established about the current {@code /internal/v1} request: the node its
 * credential proved, or on registration the bootstrap token it came with.
 */
final class CurrentNode {

    private static final String NODE = "liveplane.node";
    private static final String BOOTSTRAP_TOKEN = "liveplane.bootstrapToken";

    private CurrentNode() {
    }

    static void setNode(HttpRequest<?> request, NodeCaller caller) {
        request.setAttribute(NODE, caller);
    }

    static void setBootstrapToken(HttpRequest<?> request, String tokenId) {
        request.setAttribute(BOOTSTRAP_TOKEN, tokenId);
    }

    /** The calling node; the filter has already refused any other caller. */
    static NodeCaller node() {
        return ServerRequestContext.currentRequest().flatMap(r -> r.getAttribute(NODE, NodeCaller.class))
                .orElseThrow(() -> new IllegalStateException("no node caller on this request"));
    }

    static NodeCaller node(HttpRequest<?> request) {
        return request.getAttribute(NODE, NodeCaller.class)
                .orElseThrow(() -> new IllegalStateException("no node caller on this request"));
    }

    /** The id of the bootstrap token the registering node presented. */
    static String bootstrapToken() {
        return ServerRequestContext.currentRequest().flatMap(r -> r.getAttribute(BOOTSTRAP_TOKEN, String.class))
                .orElseThrow(() -> new IllegalStateException("no bootstrap token on this request"));
    }
}
