package dev.liveplane.controlplane.domain;

/** The host names the platform owns in its zone. */
public final class PlatformNames {

    static final String CHALLENGE_PREFIX = "_liveplane-challenge.";

    private PlatformNames() {
    }

    /** Where media nodes answer; every domain's CNAME target is an alias of it. */
    public static String edge(String zone) {
        return "edge." + zone;
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
