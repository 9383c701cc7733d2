package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/**
 * Turns a normalized domain name into a refusal when nobody can prove it in public DNS or it names the platform's
 * or a cloud's own hosts: such a name could only ever be squatted, never verified.
 */
@Singleton
final class ReservedNames {

    /**
     * Top-level names that never resolve publicly: RFC 6761 ({@code localhost}, {@code invalid}), RFC 6762
     * ({@code local}), RFC 7686 ({@code onion}), RFC 6761/8375 ({@code arpa}, with {@code home.arpa}), RFC 9476
     * ({@code alt}), ICANN's private-use {@code internal} (2024), the names ICANN will never delegate because of
     * private use ({@code home}, {@code corp}, {@code mail}) and the common private {@code lan} and
     * {@code localdomain}.
     */
    static final List<String> ALWAYS = List.of("localhost", "local", "internal", "invalid", "onion", "arpa", "alt",
            "home", "corp", "mail", "lan", "localdomain");
    /** RFC 6761 names for testing and documentation, refused in production only. */
    static final List<String> TEST = List.of("test", "example");
    /**
     * Cloud instance metadata hosts outside the reserved top-level names ({@code metadata.google.internal} and
     * {@code instance-data.ec2.internal} are under {@code internal}).
     */
    static final Set<String> METADATA = Set.of("metadata.goog", "metadata.tencentyun.com",
            "metadata.platformequinix.com", "metadata.packet.net");

    private final boolean refuseTestNames;

    ReservedNames(DomainClaimsConfiguration config) {
        this.refuseTestNames = config.refuseTestNames();
    }

    /** 422 {@code reserved-domain-name} saying why, when {@code name} (normalized) is reserved. */
    void check(String name) {
        String reason = refusal(name);
        if (reason != null) {
            throw ProblemException.invalidField(ProblemType.RESERVED_DOMAIN_NAME, "name", reason);
        }
    }

    String refusal(String name) {
        if (METADATA.contains(name)) {
            return "is a cloud instance metadata host; use a domain of your own";
        }
        String top = name.substring(name.lastIndexOf('.') + 1);
        if (ALWAYS.contains(top) || (refuseTestNames && TEST.contains(top))) {
            return "is under ." + top + ", which is reserved and never resolves in public DNS, so it could not be"
                    + " verified; use a domain registered in public DNS";
        }
        return null;
    }
}
