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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Lets a node register only with a valid bootstrap token, which names the token the node registers under. Apart
 * from {@link NodeAuthenticationFilter} because it reads the database, so it runs on the blocking executor, and
 * the fleet's other calls should not.
 */
@ServerFilter(NodeRegistrationFilter.PATH + "/**")
final class NodeRegistrationFilter implements Ordered {

    static final String PATH = "/internal/v1/nodes/register";

    private final NodeTokenService tokens;
    private final RateLimits rateLimits;

    NodeRegistrationFilter(NodeTokenService tokens, RateLimits rateLimits) {
        this.tokens = tokens;
        this.rateLimits = rateLimits;
    }

    /** Whether {@code path} is registration's, which this filter checks and {@link NodeAuthenticationFilter} not. */
    static boolean isRegistration(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    void authenticate(HttpRequest<?> request, MutablePropagatedContext context) {
        String path = request.getPath();
        if (!isRegistration(path)) {
            return;
        }
        String token = BearerToken.of(request).orElseThrow(() -> new ProblemException(ProblemType.UNAUTHORIZED,
                "Send Authorization: Bearer <bootstrap token lpb_...>"));
        String tokenId = tokens.authenticate(token).orElseThrow(() -> NodeAuthenticationFilter.refuse(rateLimits,
                ClientAddress.of(request), path, "The bootstrap token is not valid (expired, revoked or mistyped);"
                        + " ask the operator for a new one"));
        CurrentNode.setBootstrapToken(request, tokenId);
        LogContext.put(context, "nodeToken", tokenId);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
