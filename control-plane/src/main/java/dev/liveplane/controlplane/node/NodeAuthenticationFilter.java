package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.web.BearerToken;
import dev.liveplane.controlplane.web.ClientAddress;
import dev.liveplane.controlplane.web.LogContext;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import dev.liveplane.controlplane.web.RateLimits;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a request into {@code /internal/v1} only with a node's credentials: registration takes a bootstrap token,
 * every other route a node credential of the node the path names (another node's is 403; a deleted node's is 410
 * {@code node-deleted}, so that it stops instead of registering again). Tenant sessions, API keys
 * and the operator token are never node credentials here (401), as node credentials are nothing on {@code /v1}.
 * Invalid credentials count against the client address, as on the other routes.
 *
 * <p>Node credentials are checked on the event loop: the signature is a MAC and {@link NodeRevocations} answers
 * from memory, so the thousand calls a second of a large fleet (long polls included) take no blocking thread here.
 * Registration is {@link NodeRegistrationFilter}'s.
 */
@ServerFilter("/internal/v1/**")
final class NodeAuthenticationFilter implements Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAuthenticationFilter.class);
    private static final Pattern NODE_PATH = Pattern.compile("/internal/v1/nodes/([^/]+)(/.*)?");

    private final NodeCredentials credentials;
    private final NodeRevocations revocations;
    private final RateLimits rateLimits;

    NodeAuthenticationFilter(NodeCredentials credentials, NodeRevocations revocations, RateLimits rateLimits) {
        this.credentials = credentials;
        this.revocations = revocations;
        this.rateLimits = rateLimits;
    }

    // On the event loop: nothing here waits (see the class comment).
    @RequestFilter
    void authenticate(HttpRequest<?> request, MutablePropagatedContext context) {
        String path = request.getPath();
        if (NodeRegistrationFilter.isRegistration(path)) {
            return;
        }
        String address = ClientAddress.of(request);
        String token = BearerToken.of(request).orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                "Send Authorization: Bearer <node credential from registration>"));
        NodeCaller caller = credentials.verify(token).orElseThrow(() -> refuse(rateLimits, address, path,
                "The node credential is not valid (expired or not a node credential); register the node again"));
        switch (revocations.standing(caller)) {
            case ACTIVE -> { }
            // A genuine credential of a node deleted for good: not a guess, so not counted against the address,
            // and a status of its own so that the node stops instead of registering again.
            case DELETED -> throw deleted(caller.nodeId());
            case UNKNOWN -> throw refuse(rateLimits, address, path, "The node credential names no node known here;"
                    + " register the node again");
        }
        Matcher m = NODE_PATH.matcher(path);
        if (m.matches() && !m.group(1).equals(caller.nodeId())) {
            throw new ProblemException(ProblemType.FORBIDDEN, "A node may only act as itself: this credential is "
                    + "node " + caller.nodeId() + "'s");
        }
        CurrentNode.setNode(request, caller);
        LogContext.put(context, "nodeId", caller.nodeId());
    }

    static ProblemException deleted(String nodeId) {
        return new ProblemException(ProblemType.NODE_DELETED, "The operator deleted node " + nodeId + " for good; "
                + "stop it, and do not register it again");
    }

    static ProblemException refuse(RateLimits rateLimits, String address, String path, String detail) {
        // Only failures are limited (429 once too many), so a node's valid credential is never refused for them.
        rateLimits.failedCredentials().acquire(address);
        LOG.info("node credential refused address={} path={}", address, path);
        return new ProblemException(ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
