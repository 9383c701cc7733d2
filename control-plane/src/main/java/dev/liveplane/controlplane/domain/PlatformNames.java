package dev.liveplane.controlplane.domain;

import java.util.Locale;

/** The host names the platform owns in its zone. */
public final class PlatformNames {

    static final String CHALLENGE_PREFIX = "_liveplane-challenge.";

    private PlatformNames() {
    }

    /** Where media nodes answer; every domain's CNAME target is an alias of it. */
    public static String edge(String zone) {
        return "edge." + zone;
    }

    /** Under which every node has a name of its own: {@code {node}.nodes.{zone}} (a CDN's per-node origins). */
    public static String nodes(String zone) {
        return "nodes." + zone;
    }

    /** A node's own name, {@code {id}.nodes.{zone}}, its id lower case (one DNS label, as the CDN's function reads). */
    public static String node(String nodeId, String zone) {
        return nodeId.toLowerCase(Locale.ROOT) + "." + nodes(zone);
    }

    /** The CNAME target of a tenant's domain: {@code {domain}.{tenantSlug}.lv.{zone}}. */
    static String cnameTarget(String domain, String tenantSlug, String zone) {
        return domain + "." + tenantSlug + ".lv." + zone;
    }

    /** The TXT record that proves ownership. */
    static String challenge(String domain) {
        return CHALLENGE_PREFIX + domain;
    }
}
