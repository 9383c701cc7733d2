package dev.liveplane.controlplane;

import dev.liveplane.controlplane.dns.EmbeddedDnsServer;

/**
 * A real DNS server on loopback that stands for the public DNS of the tenants' own zones ({@code customer.test}):
 * tests put the TXT and CNAME records a tenant would publish, and the service's checks query it as their resolver.
 */
public final class PublicDns {

    public static final String ZONE = "customer.test";

    private static EmbeddedDnsServer server;

    private PublicDns() {
    }

    public static synchronized EmbeddedDnsServer server() {
        if (server == null) {
            server = EmbeddedDnsServer.start(ZONE, "127.0.0.1", 0);
        }
        return server;
    }

    /** The {@code host:port} to give the service as {@code LIVEPLANE_DNS_RESOLVER}. */
    public static String resolver() {
        return "127.0.0.1:" + server().port();
    }
}
