package dev.liveplane.controlplane.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Turns the host names callers pass (any case, trailing dot or not) into absolute lower-case dnsjava names. */
final class DnsNames {

    private DnsNames() {
    }

    static Name absolute(String name) {
        try {
            return Name.fromString(name, Name.root).canonicalize();
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + name + " (" + e.getMessage() + ")", e);
        }
    }

    /** The name, which must be the zone apex or below it. */
    static Name inZone(String name, Name zone) {
        Name absolute = absolute(name);
        if (!absolute.subdomain(zone)) {
            throw new IllegalArgumentException(name + " is not inside the zone " + text(zone));
        }
        return absolute;
    }

    /** The name as the API shows it: lower case, without the trailing dot. */
    static String text(Name name) {
        return name.toString(true);
    }
}
