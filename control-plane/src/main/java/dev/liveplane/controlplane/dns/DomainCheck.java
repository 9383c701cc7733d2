package dev.liveplane.controlplane.dns;

import java.util.List;

/** What the lookups found. {@code found} lists the TXT values and CNAME targets seen, for the tenant's eyes. */
public record DomainCheck(Ownership ownership, Cname cname, List<String> found) {

    public DomainCheck {
        found = List.copyOf(found);
    }

    /** Whether the challenge TXT record holds the token. */
    public enum Ownership { OK, TXT_MISSING, TXT_WRONG }

    /** Whether the domain is a CNAME of the platform host name. */
    public enum Cname { OK, CNAME_MISSING, CNAME_ELSEWHERE }

    public boolean verified() {
        return ownership == Ownership.OK && cname == Cname.OK;
    }
}
