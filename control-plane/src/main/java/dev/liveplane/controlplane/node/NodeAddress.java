package dev.liveplane.controlplane.node;

import dev.liveplane.controlplane.IpLiterals;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns the address a node registers with (or, when it sends none, the address its request came from) into the
 * canonical literal its A or AAAA record will hold. Host names are refused: DNS here must not depend on DNS.
 */
final class NodeAddress {

    private NodeAddress() {
    }

    static String canonical(String text) {
        String literal = text.strip();
        if (!IpLiterals.isIpv4(literal) && !IpLiterals.isIpv6(literal)) {
            throw invalid("is not an IPv4 or IPv6 literal");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw invalid("is not an IPv4 or IPv6 literal");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw invalid("must be an address players can connect to, not a wildcard or multicast address");
        }
        return address.getHostAddress();
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField(ProblemType.VALIDATION_FAILED, "address", message);
    }
}
