package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;

/**
 * The address rate limits count against: the peer of the TCP connection. Forwarded headers are not trusted, since
 * any client can set them; behind a load balancer, make it preserve the client address (proxy protocol).
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpRequest<?> request) {
        return request.getRemoteAddress().getAddress().getHostAddress();
    }

    /** The address of the request being served on this thread. */
    public static String current() {
        return ServerRequestContext.currentRequest().map(ClientAddress::of)
                .orElseThrow(() -> new IllegalStateException("no request on this thread"));
    }
}
